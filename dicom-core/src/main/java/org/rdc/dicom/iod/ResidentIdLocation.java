package org.rdc.dicom.iod;

import org.rdc.dicom.core.Tag;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;

/**
 * Where a facility's devices put the patient's 居民身份证号 (resident identity number, the alliance's
 * identity across facilities). Finding it is all this does: whether the number is valid is the
 * catalog's decision.
 */
public enum ResidentIdLocation {

    /**
     * An item of Other Patient IDs Sequence (0010,1002) (PS3.3 C.7.1.1), its Patient ID (0010,0020):
     * the first item whose Issuer of Patient ID Qualifiers Sequence (0010,0024) has Identifier Type
     * Code (0040,0035) {@value #NATIONAL_PERSON_ID_CHINA} (HL7 v2 Table 0203 "NNxxx", national person
     * identifier of ISO 3166 country CHN), or whose Issuer of Patient ID (0010,0021) is the one the
     * facility names for it. Other items (old hospital numbers, insurance cards) never count.
     */
    OTHER_PATIENT_IDS_SEQUENCE,
    /** The first value of Other Patient IDs (0010,1000), retired but still written by older devices. */
    OTHER_PATIENT_IDS,
    /** Patient ID (0010,0020) itself: the facility registers its patients by their number. */
    PATIENT_ID,
    /** The facility's devices carry none. */
    NONE;

    public static final int OTHER_PATIENT_IDS_SEQUENCE_TAG = 0x00101002;
    public static final int OTHER_PATIENT_IDS_TAG = 0x00101000;
    public static final int ISSUER_OF_PATIENT_ID = 0x00100021;
    public static final int ISSUER_QUALIFIERS_SEQUENCE = 0x00100024;
    public static final int IDENTIFIER_TYPE_CODE = 0x00400035;
    public static final String NATIONAL_PERSON_ID_CHINA = "NNCHN";

    /**
     * The number as found in {@code ds}, or null.
     *
     * @param issuer the Issuer of Patient ID that marks the item in (0010,1002), or null for the type code alone
     */
    public String find(DataSet ds, String issuer) {
        return switch (this) {
            case PATIENT_ID -> blankToNull(ds.getString(Tag.PatientID));
            case OTHER_PATIENT_IDS -> {
                String[] values = ds.getStrings(OTHER_PATIENT_IDS_TAG);
                yield values == null || values.length == 0 ? null : blankToNull(values[0]);
            }
            case OTHER_PATIENT_IDS_SEQUENCE -> {
                Sequence items = ds.getSequence(OTHER_PATIENT_IDS_SEQUENCE_TAG);
                if (items == null) {
                    yield null;
                }
                for (Item item : items.items()) {
                    if (marked(item, issuer)) {
                        yield blankToNull(item.getString(Tag.PatientID));
                    }
                }
                yield null;
            }
            case NONE -> null;
        };
    }

    private static boolean marked(Item item, String issuer) {
        String itemIssuer = item.getString(ISSUER_OF_PATIENT_ID);
        if (issuer != null && !issuer.isBlank() && itemIssuer != null && itemIssuer.strip().equals(issuer.strip())) {
            return true;
        }
        Sequence qualifiers = item.getSequence(ISSUER_QUALIFIERS_SEQUENCE);
        if (qualifiers != null) {
            for (Item q : qualifiers.items()) {
                String type = q.getString(IDENTIFIER_TYPE_CODE);
                if (type != null && type.strip().equals(NATIONAL_PERSON_ID_CHINA)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
