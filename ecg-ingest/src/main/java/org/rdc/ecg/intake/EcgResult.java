package org.rdc.ecg.intake;

import java.util.List;
import org.rdc.ecg.model.SourceFormat;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one intake did: the record's DICOM identity (the study and SOP Instance UIDs are the record
 * id an uploader gets back), whether it was new, and the analysis as stored in ECG_ANALYSIS.
 *
 * @param created       false when the same content had been received before (nothing new stored)
 * @param criticalFlags codes of the critical flags (危急值) the analysis raised, empty when none
 */
public record EcgResult(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, boolean created,
                        SourceFormat format, String facilityId, String originalSha256, ObjectNode analysisJson,
                        List<String> criticalFlags) {

    public EcgResult {
        criticalFlags = List.copyOf(criticalFlags);
    }

    public boolean critical() {
        return !criticalFlags.isEmpty();
    }
}
