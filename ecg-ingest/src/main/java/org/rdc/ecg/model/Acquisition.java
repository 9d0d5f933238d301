package org.rdc.ecg.model;

import java.time.LocalDateTime;

/** When, where and on what the ECG was taken; null for what the source does not say. */
public record Acquisition(LocalDateTime time, String manufacturer, String model, String institution,
                          FilterSettings deviceFilters) {

    public Acquisition {
        deviceFilters = deviceFilters == null ? FilterSettings.unknown() : deviceFilters;
    }

    public static Acquisition unknown() {
        return new Acquisition(null, null, null, null, FilterSettings.unknown());
    }
}
