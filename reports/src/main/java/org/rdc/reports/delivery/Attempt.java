package org.rdc.reports.delivery;

/**
 * One attempt at a delivery: what to send and where.
 *
 * @param seriesUid the Series Instance UID chosen at enqueue time (DICOM only, else null)
 * @param pdf       the signed PDF, already checked against the report's SHA-256
 */
record Attempt(Delivery delivery, Destination destination, String seriesUid, DeliverableReport report, byte[] pdf) {
}
