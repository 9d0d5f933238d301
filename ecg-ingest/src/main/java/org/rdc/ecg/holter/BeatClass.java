package org.rdc.ecg.holter;

import java.util.Optional;

/**
 * The beat classes of ANSI/AAMI EC57:2012 section 4.1.3 (table 1), to which WFDB and ISHNE labels
 * are mapped for scoring: N (normal and bundle-branch-block beats, escape beats), S (supraventricular
 * ectopic), V (ventricular ectopic), F (fusion), Q (paced, unclassifiable).
 */
public enum BeatClass {
    NORMAL, SUPRAVENTRICULAR, VENTRICULAR, FUSION, UNCLASSIFIABLE;

    /** The class of a WFDB annotation mnemonic (WFDB Programmer's Guide, "Annotation codes"); empty for non-beats. */
    public static Optional<BeatClass> ofMnemonic(String code) {
        return Optional.ofNullable(switch (code) {
            case "N", "L", "R", "B", "e", "j" -> NORMAL;
            case "A", "a", "J", "S", "n" -> SUPRAVENTRICULAR;
            case "V", "E" -> VENTRICULAR;
            case "F" -> FUSION;
            case "/", "f", "Q", "?" -> UNCLASSIFIABLE;
            default -> null;
        });
    }
}
