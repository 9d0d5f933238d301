package org.rdc.ecg.format.dicom;

/**
 * Tags of the Waveform module (PS3.3 C.10.9), the Waveform Annotation module (C.10.10), the
 * Acquisition Context module (C.7.6.14) and the code sequence macro (Table 8.8-1) used by the ECG
 * waveform IODs (PS3.3 A.34) that dicom-core's {@code Tag} does not carry; use {@code Tag} for the rest.
 */
public final class WaveformTags {

    private WaveformTags() {
    }

    // Code Sequence Macro, PS3.3 Table 8.8-1
    public static final int CodingSchemeVersion = 0x00080103;

    // General Study / Series / Equipment / Patient
    public static final int IssuerOfPatientID = 0x00100021;
    public static final int DeviceSerialNumber = 0x00181000;
    public static final int SoftwareVersions = 0x00181020;

    // Synchronization module, PS3.3 C.7.4.2
    public static final int FrameOfReferenceUID = 0x00200052;
    public static final int SynchronizationFrameOfReferenceUID = 0x00200200;
    public static final int SynchronizationTrigger = 0x0018106A;
    public static final int AcquisitionTimeSynchronized = 0x00181800;

    // Waveform module, PS3.3 C.10.9
    public static final int MultiplexGroupTimeOffset = 0x00181068;
    public static final int TriggerTimeOffset = 0x00181069;
    public static final int WaveformOriginality = 0x003A0004;
    public static final int MultiplexGroupLabel = 0x003A0020;
    public static final int ChannelDefinitionSequence = 0x003A0200;
    public static final int WaveformChannelNumber = 0x003A0202;
    public static final int ChannelLabel = 0x003A0203;
    public static final int ChannelStatus = 0x003A0205;
    public static final int ChannelSourceSequence = 0x003A0208;
    public static final int ChannelSensitivity = 0x003A0210;
    public static final int ChannelSensitivityUnitsSequence = 0x003A0211;
    public static final int ChannelSensitivityCorrectionFactor = 0x003A0212;
    public static final int ChannelBaseline = 0x003A0213;
    public static final int ChannelTimeSkew = 0x003A0214;
    public static final int ChannelSampleSkew = 0x003A0215;
    public static final int WaveformBitsStored = 0x003A021A;
    public static final int FilterLowFrequency = 0x003A0220;
    public static final int FilterHighFrequency = 0x003A0221;
    public static final int NotchFilterFrequency = 0x003A0222;
    public static final int WaveformBitsAllocated = 0x54001004;
    public static final int WaveformSampleInterpretation = 0x54001006;
    public static final int WaveformPaddingValue = 0x5400100A;

    // Acquisition Context module, PS3.3 C.7.6.14
    public static final int AcquisitionContextSequence = 0x00400555;

    // Waveform Annotation module, PS3.3 C.10.10
    public static final int WaveformAnnotationSequence = 0x0040B020;
    public static final int MeasurementUnitsCodeSequence = 0x004008EA;
    public static final int ReferencedWaveformChannels = 0x0040A0B0;
    public static final int TemporalRangeType = 0x0040A130;
    public static final int ReferencedSamplePositions = 0x0040A132;
    public static final int ConceptCodeSequence = 0x0040A168;
    public static final int AnnotationGroupNumber = 0x0040A180;
    public static final int NumericValue = 0x0040A30A;
    public static final int UnformattedTextValue = 0x00700006;
}
