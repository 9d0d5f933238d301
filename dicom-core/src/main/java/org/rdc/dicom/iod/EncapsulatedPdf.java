package org.rdc.dicom.iod;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.UidGenerator;

/**
 * Builds an Encapsulated PDF instance (PS3.3 A.45.1: Patient, General Study, Encapsulated Document
 * Series, General Equipment, SC Equipment, Encapsulated Document and SOP Common modules), for
 * instance a signed report returned into the study it reports on.
 */
public final class EncapsulatedPdf {

    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.104.1";

    static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    /** Patient and General Study attributes copied from the study the document belongs to (PS3.3 C.7.1.1, C.7.2.1). */
    static final int[] PATIENT_STUDY = {
        Tag.PatientName, Tag.PatientID, 0x00100030, 0x00100040,                      // birth date, sex
        Tag.StudyInstanceUID, 0x00080020, 0x00080030, 0x00080090, 0x00200010, 0x00080050  // date, time, referrer, ID, accession
    };

    private EncapsulatedPdf() {
    }

    /**
     * A new instance in the study of {@code study} (whose patient and study attributes are copied),
     * in a new series.
     *
     * @param study    any instance of the study, or a data set holding its patient and study attributes
     * @param pdf      the document
     * @param title    Document Title (0042,0010)
     * @param created  content date and time
     */
    public static DataSet create(DataSet study, byte[] pdf, String title, LocalDateTime created) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        copyPatientAndStudy(study, ds);
        ds.setString(Tag.SOPClassUID, VR.UI, SOP_CLASS_UID);
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(0x00080060, VR.CS, "DOC");                      // Modality
        ds.setString(0x00200011, VR.IS, "1");                        // Series Number
        ds.setString(0x00080070, VR.LO, "RDC");                      // Manufacturer
        ds.setString(0x00080064, VR.CS, "WSD");                      // Conversion Type: workstation
        ds.setString(0x00200013, VR.IS, "1");                        // Instance Number
        ds.setString(0x00080023, VR.DA, created.format(DA));         // Content Date
        ds.setString(0x00080033, VR.TM, created.format(TM));         // Content Time
        ds.setString(0x0008002A, VR.DT, created.format(DA) + created.format(TM));  // Acquisition DateTime
        ds.setString(0x00280301, VR.CS, "YES");                      // Burned In Annotation: names are in the PDF
        ds.setString(0x00420010, VR.ST, title);                      // Document Title
        ds.newSequence(0x0040A043);                                  // Concept Name Code Sequence (type 2)
        ds.setString(0x00420012, VR.LO, "application/pdf");          // MIME Type of Encapsulated Document
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, pdf);           // padded to even length with 00
        ds.setInt(0x00420015, VR.UL, pdf.length);                    // Encapsulated Document Length: before padding
        return ds;
    }

    static void copyPatientAndStudy(DataSet from, DataSet to) {
        for (int tag : PATIENT_STUDY) {
            DataElement e = from.get(tag);
            if (e != null && e.bytes() != null && e.vr().usesSpecificCharacterSet()) {
                to.setString(tag, e.vr(), from.getStrings(tag));  // re-encoded: the new object is ISO_IR 192
            } else if (e != null && e.bytes() != null) {
                to.put(e);
            } else {
                to.setString(tag, "");  // type 2: present, possibly empty
            }
        }
        if (!to.contains(Tag.StudyInstanceUID) || to.getString(Tag.StudyInstanceUID) == null) {
            to.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
        }
    }
}
