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
        Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyInstanceUID, Tag.StudyDate,
        Tag.StudyTime, Tag.ReferringPhysicianName, Tag.StudyID, Tag.AccessionNumber
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
        ds.setString(Tag.Modality, VR.CS, "DOC");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.Manufacturer, VR.LO, "RDC");
        ds.setString(Tag.ConversionType, VR.CS, "WSD");  // workstation: the document was made, not scanned
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        ds.setString(Tag.ContentDate, VR.DA, created.format(DA));
        ds.setString(Tag.ContentTime, VR.TM, created.format(TM));
        ds.setString(Tag.AcquisitionDateTime, VR.DT, created.format(DA) + created.format(TM));
        ds.setString(Tag.BurnedInAnnotation, VR.CS, "YES");  // the patient's name is printed in the PDF
        ds.setString(Tag.DocumentTitle, VR.ST, title);
        ds.newSequence(Tag.ConceptNameCodeSequence);  // type 2: present even when empty
        ds.setString(Tag.MIMETypeOfEncapsulatedDocument, VR.LO, "application/pdf");
        ds.setBytes(Tag.EncapsulatedDocument, VR.OB, pdf);  // padded to even length with 00
        ds.setInt(Tag.EncapsulatedDocumentLength, VR.UL, pdf.length);  // the length before that padding
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
