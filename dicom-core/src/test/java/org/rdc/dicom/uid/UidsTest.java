package org.rdc.dicom.uid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UidsTest {

    static final String UID_64 = "1.2.840.10008." + "1".repeat(50);

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "0.0", "1.2.840.10008.5.1.4.1.1.9.1.1", "2.25.329800735698586629295641978511506172918",
            "1.20.300.0.4000"})
    void validUids(String uid) {
        assertThat(Uids.isValid(uid)).isTrue();
    }

    @Test
    void sixtyFourCharactersAreAllowedSixtyFiveAreNot() {
        assertThat(UID_64).hasSize(64);
        assertThat(Uids.isValid(UID_64)).isTrue();
        assertThat(Uids.isValid(UID_64 + "1")).isFalse();
        assertThat(Uids.isValid(UidGenerator.newUid())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "1..2", ".1", "1.", "01.2", "1.02", "1.2.", "1", "0", "1.2.3a", "1.2/3", "1.2.3 ",
            " 1.2.3", "1.2\u00003", "../1.2", "1.2\\3", "1.２", "1.-2", "+1.2", "1.2e3"})
    void invalidUids(String uid) {
        assertThat(Uids.isValid(uid)).as("'%s'", uid).isFalse();
    }

    @Test
    void nullIsNotAUid() {
        assertThat(Uids.isValid(null)).isFalse();
        assertThat(Uids.isValidPrefix(null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.5.1.4.1.1.9.1.", "1.", "1.2.0."})
    void validPrefixes(String prefix) {
        assertThat(Uids.isValidPrefix(prefix)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "1..", "1..2.", ".1.", "01.", "1.02.", "1.2", "1.2.840.10008.5.1.4.1.1.9.1",
            "1.2.a.", "1.2/."})
    void invalidPrefixes(String prefix) {
        assertThat(Uids.isValidPrefix(prefix)).as("'%s'", prefix).isFalse();
    }

    @Test
    void aPrefixLeavesRoomForAUid() {
        assertThat(Uids.isValidPrefix(UID_64.substring(0, 62) + ".")).as("63 characters").isTrue();
        assertThat(Uids.isValidPrefix(UID_64 + ".")).as("65 characters").isFalse();
    }
}
