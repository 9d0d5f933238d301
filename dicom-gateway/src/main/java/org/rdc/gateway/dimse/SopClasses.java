package org.rdc.gateway.dimse;

import java.util.LinkedHashSet;
import java.util.Set;
import org.rdc.dicom.dictionary.UidDictionary;
import org.rdc.dicom.dictionary.UidEntry;

/** The SOP classes and transfer syntaxes the gateway negotiates, from the PS3.6 UID registry in dicom-core. */
public final class SopClasses {

    public static final String VERIFICATION = "1.2.840.10008.1.1";
    public static final String STORAGE_COMMITMENT_PUSH = "1.2.840.10008.1.20.1";
    public static final String STORAGE_COMMITMENT_PUSH_INSTANCE = "1.2.840.10008.1.20.1.1";
    public static final String IMPLICIT_VR_LE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_VR_LE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_VR_LE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_VR_BE = "1.2.840.10008.1.2.2";

    /** Every storage SOP class of the registry (PS3.4 Annex B.5), retired ones included: old devices still send them. */
    public static final Set<String> STORAGE;
    /** Every transfer syntax of the registry: all of them encode a data set dicom-core can parse and we store as received. */
    public static final Set<String> TRANSFER_SYNTAXES;
    /** Native (uncompressed) syntaxes, for command-like data sets (Storage Commitment). */
    public static final Set<String> NATIVE = Set.of(EXPLICIT_VR_LE, IMPLICIT_VR_LE, EXPLICIT_VR_BE, DEFLATED_EXPLICIT_VR_LE);

    static {
        Set<String> storage = new LinkedHashSet<>();
        Set<String> ts = new LinkedHashSet<>();
        for (UidEntry e : UidDictionary.entries()) {
            if ("SOP Class".equals(e.type()) && isStorage(e)) {
                storage.add(e.uid());
            } else if ("Transfer Syntax".equals(e.type())) {
                ts.add(e.uid());
            }
        }
        STORAGE = Set.copyOf(storage);
        TRANSFER_SYNTAXES = Set.copyOf(ts);
    }

    private static boolean isStorage(UidEntry e) {
        String name = e.name();
        if (name.contains("Storage Commitment") || e.uid().equals("1.2.840.10008.1.3.10")) {
            return false; // Storage Commitment is not a storage class; 1.3.10 is the DICOMDIR (media only)
        }
        // "... Image Storage", "... Storage - For Presentation", "... Storage (Retired)", "Hanging Protocol Storage", ...
        return name.matches(".*\\bStorage\\b.*") && e.uid().startsWith("1.2.840.10008.5.1.");
    }

    private SopClasses() {
    }
}
