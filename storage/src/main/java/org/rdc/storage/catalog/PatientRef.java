package org.rdc.storage.catalog;

import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * How an administrator names a patient: the facility, the Patient ID and the issuer as the study
 * API shows them ({@code facilityId}, {@code patientId}, {@code issuerOfPatientId}; a null or blank
 * issuer is the facility's own, as for a device that sends none).
 */
public record PatientRef(String facilityId, String patientId, String issuer) {

    public PatientRef {
        if (facilityId == null || facilityId.isBlank()) {
            throw new StorageException(Kind.INVALID, "a patient is named with its facilityId");
        }
        if (patientId == null || patientId.isBlank()) {
            throw new StorageException(Kind.INVALID, "a patient is named with its patientId (a study without one has no patient to link)");
        }
        facilityId = facilityId.strip();
        patientId = patientId.strip();
        issuer = issuer == null ? "" : issuer.strip();
    }
}
