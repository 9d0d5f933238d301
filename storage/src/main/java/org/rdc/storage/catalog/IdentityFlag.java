package org.rdc.storage.catalog;

/** Why a study's patient is not linked by the resident identity number it came with (see {@link StudySummary#identityFlag()}). */
public enum IdentityFlag {
    /** The number fails GB 11643-1999: wrong length, characters, birth date or check character. */
    RESIDENT_ID_INVALID,
    /** A valid number whose birth date or sex differs from the patient's: another person's, or a device's placeholder. */
    RESIDENT_ID_MISMATCH,
    /** A valid number other than the one the patient already has: the first one stands. */
    RESIDENT_ID_CONFLICT
}
