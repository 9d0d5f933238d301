package org.rdc.reports.critical;

import java.time.Duration;

/** How long a facility has to acknowledge a critical value, per line: ECG, and imaging (radiology, ultrasound). */
public record CriticalDeadlines(Duration ecg, Duration imaging) {

    public static final CriticalDeadlines DEFAULT = new CriticalDeadlines(Duration.ofMinutes(10), Duration.ofMinutes(30));

    public CriticalDeadlines {
        if (ecg.isNegative() || ecg.isZero() || imaging.isNegative() || imaging.isZero()) {
            throw new IllegalArgumentException("critical value deadlines must be positive: ECG " + ecg + ", imaging " + imaging);
        }
    }

    public Duration of(String serviceLine) {
        return "ECG".equals(serviceLine) ? ecg : imaging;
    }
}
