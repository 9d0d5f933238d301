package org.rdc.storage.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One study as the API lists it. {@code status} is the storage state: IN_SPOOL while any instance
 * is only on the gateway's local disk, STORED once all are in the object store.
 * {@code requestedPriority} is the sender's priority marking as received (see {@link InstanceAttributes}).
 * {@code identityFlag} ({@link IdentityFlag}) is set when the study came with a resident identity
 * number that could not link its patient; null otherwise.
 */
public record StudySummary(
        String studyInstanceUid,
        String patientId,
        String issuerOfPatientId,
        String patientName,
        String patientSex,
        LocalDate patientBirthDate,
        String accessionNumber,
        LocalDate studyDate,
        String studyTime,
        String studyDescription,
        String facilityId,
        List<String> modalities,
        int instanceCount,
        long totalBytes,
        String status,
        Instant firstReceivedAt,
        Instant lastReceivedAt,
        String requestedPriority,
        String identityFlag) {
}
