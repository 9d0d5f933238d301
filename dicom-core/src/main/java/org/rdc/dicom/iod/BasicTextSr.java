package org.rdc.dicom.iod;

import java.time.LocalDateTime;
import java.util.Map;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.uid.UidGenerator;

/**
 * Builds a Basic Text SR instance (PS3.3 A.35.1): a root CONTAINER titled with a code, holding one
 * TEXT content item per section (e.g. findings, impression), as a plain structured report.
 */
public final class BasicTextSr {

    public static final String SOP_CLASS_UID = "1.2.840.10008.5.1.4.1.1.88.11";

    private BasicTextSr() {
    }

    /** A code: value, scheme designator and meaning (PS3.3 Table 8.8-1). */
    public record Code(String value, String scheme, String meaning) {
    }

    /**
     * @param study    patient and study attributes to copy
     * @param title    the document title, e.g. (18748-4, LN, "Diagnostic imaging report")
     * @param sections section concept name to text, in order, e.g. (121071, DCM, "Finding") to the findings
     * @param verified whether a verifying observer signed it (then {@code verifier} names them)
     */
    public static DataSet create(DataSet study, Code title, Map<Code, String> sections, LocalDateTime created,
                                 boolean verified, String verifier) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        EncapsulatedPdf.copyPatientAndStudy(study, ds);
        ds.setString(Tag.SOPClassUID, VR.UI, SOP_CLASS_UID);
        ds.setString(Tag.SOPInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(0x00080060, VR.CS, "SR");
        ds.setString(0x00200011, VR.IS, "1");
        ds.newSequence(0x00081111);                                  // Referenced Performed Procedure Step (type 2)
        ds.setString(0x00080070, VR.LO, "RDC");
        ds.setString(0x00200013, VR.IS, "1");
        ds.setString(0x00080023, VR.DA, created.format(EncapsulatedPdf.DA));
        ds.setString(0x00080033, VR.TM, created.format(EncapsulatedPdf.TM));
        ds.setString(0x0040A491, VR.CS, "COMPLETE");                 // Completion Flag
        ds.setString(0x0040A493, VR.CS, verified ? "VERIFIED" : "UNVERIFIED");
        if (verified) {
            Item observer = ds.newSequence(0x0040A073).addItem();    // Verifying Observer Sequence
            observer.setString(0x0040A075, VR.PN, verifier);
            observer.setString(0x0040A027, VR.LO, "RDC");            // Verifying Organization
            observer.setString(0x0040A030, VR.DT, created.format(EncapsulatedPdf.DA) + created.format(EncapsulatedPdf.TM));
            observer.newSequence(0x0040A088);                        // Verifying Observer Identification Code (type 2)
        }
        ds.newSequence(0x0040A372);                                  // Performed Procedure Code Sequence (type 2)
        // root content item (PS3.3 C.17.3)
        ds.setString(0x0040A040, VR.CS, "CONTAINER");                // Value Type
        code(ds.newSequence(0x0040A043), title);                     // Concept Name Code Sequence
        ds.setString(0x0040A050, VR.CS, "SEPARATE");                 // Continuity Of Content
        Sequence content = ds.newSequence(0x0040A730);
        for (Map.Entry<Code, String> section : sections.entrySet()) {
            Item item = content.addItem();
            item.setString(0x0040A010, VR.CS, "CONTAINS");           // Relationship Type
            item.setString(0x0040A040, VR.CS, "TEXT");
            code(item.newSequence(0x0040A043), section.getKey());
            item.setString(0x0040A160, VR.UT, section.getValue());   // Text Value
        }
        return ds;
    }

    private static void code(Sequence sequence, Code code) {
        Item item = sequence.addItem();
        item.setString(0x00080100, VR.SH, code.value());
        item.setString(0x00080102, VR.SH, code.scheme());
        item.setString(0x00080104, VR.LO, code.meaning());
    }
}
