package org.rdc.dicom.core;

/**
 * A data element tag (PS3.5 section 7.1.1): group and element number packed in one {@code int} as
 * {@code group << 16 | element}. Tags are kept as primitive ints throughout the codec because a data set
 * holds thousands of them; this class carries the few tags the codec itself needs and the arithmetic.
 * Compare tags with {@link #compare(int, int)}: groups above 0x7FFF (the item tags) are negative ints.
 */
public final class Tag {

    public static final int FileMetaInformationGroupLength = 0x00020000;
    public static final int FileMetaInformationVersion = 0x00020001;
    public static final int MediaStorageSOPClassUID = 0x00020002;
    public static final int MediaStorageSOPInstanceUID = 0x00020003;
    public static final int TransferSyntaxUID = 0x00020010;
    public static final int ImplementationClassUID = 0x00020012;
    public static final int ImplementationVersionName = 0x00020013;
    public static final int SourceApplicationEntityTitle = 0x00020016;
    public static final int SpecificCharacterSet = 0x00080005;
    public static final int InstanceCreationDate = 0x00080012;
    public static final int InstanceCreationTime = 0x00080013;
    public static final int SOPClassUID = 0x00080016;
    public static final int SOPInstanceUID = 0x00080018;
    public static final int StudyDate = 0x00080020;
    public static final int SeriesDate = 0x00080021;
    public static final int ContentDate = 0x00080023;
    public static final int AcquisitionDateTime = 0x0008002A;
    public static final int StudyTime = 0x00080030;
    public static final int SeriesTime = 0x00080031;
    public static final int ContentTime = 0x00080033;
    public static final int AccessionNumber = 0x00080050;
    public static final int RetrieveAETitle = 0x00080054;
    public static final int Modality = 0x00080060;
    public static final int ConversionType = 0x00080064;
    public static final int Manufacturer = 0x00080070;
    public static final int InstitutionName = 0x00080080;
    public static final int ReferringPhysicianName = 0x00080090;
    public static final int CodeValue = 0x00080100;
    public static final int CodingSchemeDesignator = 0x00080102;
    public static final int CodeMeaning = 0x00080104;
    public static final int StationName = 0x00081010;
    public static final int StudyDescription = 0x00081030;
    public static final int SeriesDescription = 0x0008103E;
    public static final int ManufacturerModelName = 0x00081090;
    public static final int ReferencedPerformedProcedureStepSequence = 0x00081111;
    public static final int ReferencedSOPClassUID = 0x00081150;
    public static final int ReferencedSOPInstanceUID = 0x00081155;
    public static final int PatientName = 0x00100010;
    public static final int PatientID = 0x00100020;
    public static final int PatientBirthDate = 0x00100030;
    public static final int PatientSex = 0x00100040;
    public static final int PatientAge = 0x00101010;
    public static final int BodyPartExamined = 0x00180015;
    public static final int StudyInstanceUID = 0x0020000D;
    public static final int SeriesInstanceUID = 0x0020000E;
    public static final int StudyID = 0x00200010;
    public static final int SeriesNumber = 0x00200011;
    public static final int InstanceNumber = 0x00200013;
    public static final int SamplesPerPixel = 0x00280002;
    public static final int PhotometricInterpretation = 0x00280004;
    public static final int PlanarConfiguration = 0x00280006;
    public static final int NumberOfFrames = 0x00280008;
    public static final int Rows = 0x00280010;
    public static final int Columns = 0x00280011;
    public static final int BitsAllocated = 0x00280100;
    public static final int BitsStored = 0x00280101;
    public static final int HighBit = 0x00280102;
    public static final int PixelRepresentation = 0x00280103;
    public static final int BurnedInAnnotation = 0x00280301;
    public static final int WindowCenter = 0x00281050;
    public static final int WindowWidth = 0x00281051;
    public static final int RescaleIntercept = 0x00281052;
    public static final int RescaleSlope = 0x00281053;
    public static final int VOILUTFunction = 0x00281056;
    public static final int LUTDescriptor = 0x00283002;
    public static final int LUTData = 0x00283006;
    public static final int VOILUTSequence = 0x00283010;
    public static final int StudyPriorityID = 0x0032000C;
    public static final int RequestedProcedureDescription = 0x00321060;
    public static final int NumberOfWaveformChannels = 0x003A0005;
    public static final int NumberOfWaveformSamples = 0x003A0010;
    public static final int SamplingFrequency = 0x003A001A;
    public static final int RequestAttributesSequence = 0x00400275;
    public static final int RequestedProcedurePriority = 0x00401003;
    public static final int RelationshipType = 0x0040A010;
    public static final int VerifyingOrganization = 0x0040A027;
    public static final int VerificationDateTime = 0x0040A030;
    public static final int ValueType = 0x0040A040;
    public static final int ConceptNameCodeSequence = 0x0040A043;
    public static final int ContinuityOfContent = 0x0040A050;
    public static final int VerifyingObserverSequence = 0x0040A073;
    public static final int VerifyingObserverName = 0x0040A075;
    public static final int VerifyingObserverIdentificationCodeSequence = 0x0040A088;
    public static final int TextValue = 0x0040A160;
    public static final int PerformedProcedureCodeSequence = 0x0040A372;
    public static final int CompletionFlag = 0x0040A491;
    public static final int VerificationFlag = 0x0040A493;
    public static final int ContentSequence = 0x0040A730;
    public static final int DocumentTitle = 0x00420010;
    public static final int EncapsulatedDocument = 0x00420011;
    public static final int MIMETypeOfEncapsulatedDocument = 0x00420012;
    public static final int EncapsulatedDocumentLength = 0x00420015;
    public static final int WaveformSequence = 0x54000100;
    public static final int WaveformData = 0x54001010;
    public static final int SpectroscopyData = 0x56000020;
    public static final int ExtendedOffsetTable = 0x7FE00001;
    public static final int ExtendedOffsetTableLengths = 0x7FE00002;
    public static final int FloatPixelData = 0x7FE00008;
    public static final int DoubleFloatPixelData = 0x7FE00009;
    public static final int PixelData = 0x7FE00010;
    public static final int Item = 0xFFFEE000;
    public static final int ItemDelimitationItem = 0xFFFEE00D;
    public static final int SequenceDelimitationItem = 0xFFFEE0DD;

    private Tag() {
    }

    public static int of(int group, int element) {
        return (group & 0xFFFF) << 16 | (element & 0xFFFF);
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** Ordering of data elements in a data set (PS3.5 7.1): ascending as unsigned numbers. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }

    /** Private data elements live in odd groups other than 0001-0007 and FFFF (PS3.5 7.8.1). */
    public static boolean isPrivate(int tag) {
        int group = group(tag);
        return (group & 1) == 1 && group > 0x0007 && group != 0xFFFF;
    }

    /** (gggg,0010-00FF) in a private group reserves a block of elements for one creator (PS3.5 7.8.1). */
    public static boolean isPrivateCreator(int tag) {
        int element = element(tag);
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    public static boolean isGroupLength(int tag) {
        return element(tag) == 0;
    }

    /** Formats as dcmdump does: {@code (0010,0010)}. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", group(tag), element(tag));
    }

    /** Formats as DICOM JSON keys are written (PS3.18 F.2.1.1): {@code 00100010}. */
    public static String toHex(int tag) {
        // by hand: String.format was a third of a QIDO search's CPU (one key per attribute of each result)
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--, tag >>>= 4) {
            c[i] = HEX[tag & 0xF];
        }
        return new String(c);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
