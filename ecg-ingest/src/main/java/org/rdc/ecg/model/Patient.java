package org.rdc.ecg.model;

import java.time.LocalDate;

/**
 * Who the ECG belongs to, as the device recorded it. Fields the source does not carry are null
 * (sex is {@link Sex#UNKNOWN}).
 */
public record Patient(String id, String name, Sex sex, LocalDate birthDate, Integer ageYears) {

    public Patient {
        sex = sex == null ? Sex.UNKNOWN : sex;
    }

    public static Patient unknown() {
        return new Patient(null, null, Sex.UNKNOWN, null, null);
    }
}
