package org.rdc.reports.archive;

import java.time.Duration;
import java.util.Objects;
import org.rdc.storage.objectstore.ObjectLockMode;

/**
 * How long archived reports are locked where the object store has Object Lock, and in which mode.
 * The default, 30 years in COMPLIANCE mode, follows the longest period the 医疗机构病历管理规定 (2013)
 * §29 sets for medical records (inpatient records: at least 30 years); COMPLIANCE cannot be shortened
 * or bypassed by anyone, which is what makes the archive immutable.
 */
public record ArchivePolicy(Duration retention, ObjectLockMode mode) {

    public static final ArchivePolicy DEFAULT = new ArchivePolicy(Duration.ofDays(30L * 365 + 8), ObjectLockMode.COMPLIANCE);

    public ArchivePolicy {
        Objects.requireNonNull(mode, "mode");
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("the retention must be positive");
        }
    }
}
