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
        ds.setString(Tag.Modality, VR.CS, "SR");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence);  // type 2: present even when empty
        ds.setString(Tag.Manufacturer, VR.LO, "RDC");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        String dateTime = created.format(EncapsulatedPdf.DA) + created.format(EncapsulatedPdf.TM);
        ds.setString(Tag.ContentDate, VR.DA, created.format(EncapsulatedPdf.DA));
        ds.setString(Tag.ContentTime, VR.TM, created.format(EncapsulatedPdf.TM));
        ds.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        ds.setString(Tag.VerificationFlag, VR.CS, verified ? "VERIFIED" : "UNVERIFIED");
        if (verified) {
            Item observer = ds.newSequence(Tag.VerifyingObserverSequence).addItem();
            observer.setString(Tag.VerifyingObserverName, VR.PN, verifier);
            observer.setString(Tag.VerifyingOrganization, VR.LO, "RDC");
            observer.setString(Tag.VerificationDateTime, VR.DT, dateTime);
            observer.newSequence(Tag.VerifyingObserverIdentificationCodeSequence);  // type 2: present even when empty
        }
        ds.newSequence(Tag.PerformedProcedureCodeSequence);  // type 2: present even when empty
        // root content item (PS3.3 C.17.3)
        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        code(ds.newSequence(Tag.ConceptNameCodeSequence), title);
        ds.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        Sequence content = ds.newSequence(Tag.ContentSequence);
        for (Map.Entry<Code, String> section : sections.entrySet()) {
            Item item = content.addItem();
            item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
            item.setString(Tag.ValueType, VR.CS, "TEXT");
            code(item.newSequence(Tag.ConceptNameCodeSequence), section.getKey());
            item.setString(Tag.TextValue, VR.UT, section.getValue());
        }
        return ds;
    }

    private static void code(Sequence sequence, Code code) {
        Item item = sequence.addItem();
        item.setString(Tag.CodeValue, VR.SH, code.value());
        item.setString(Tag.CodingSchemeDesignator, VR.SH, code.scheme());
        item.setString(Tag.CodeMeaning, VR.LO, code.meaning());
    }
}
