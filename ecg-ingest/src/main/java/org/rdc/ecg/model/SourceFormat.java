package org.rdc.ecg.model;

/** The encoding an ECG arrived in; decides which decoder made the record. */
public enum SourceFormat {
    DICOM_WAVEFORM("DICOM waveform"),
    HL7_AECG("HL7 aECG"),
    SCP_ECG("SCP-ECG"),
    PHILIPS_SIERRA_XML("Philips Sierra XML"),
    GE_MUSE_XML("GE MUSE XML"),
    WFDB("WFDB"),
    ISHNE_HOLTER("ISHNE Holter 1.0"),
    EDF("EDF"),
    EDF_PLUS("EDF+");

    private final String displayName;

    SourceFormat(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
