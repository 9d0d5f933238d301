package org.rdc.reports.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrintedCodeTest {

    @Test
    void newCodesAreEightCrockfordCharactersAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            String code = PrintedCode.random();
            assertThat(code).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
            assertThat(PrintedCode.normalized(code)).contains(code);
            seen.add(code);
        }
        assertThat(seen).hasSize(2000);
    }

    @Test
    void aTypedCodeIsReadAsPrinted() {
        assertThat(PrintedCode.normalized("k21g-adg0")).contains("K21G-ADG0");
        assertThat(PrintedCode.normalized(" K21G ADGO ")).as("spaces, and the letter O for the digit").contains("K21G-ADG0");
        assertThat(PrintedCode.normalized("K2lGADG0")).as("l and I are 1").contains("K21G-ADG0");
        assertThat(PrintedCode.normalized("K2IGADG0")).contains("K21G-ADG0");
    }

    @Test
    void whatCannotBeACodeIsEmpty() {
        for (String bad : new String[] {null, "", "K21G-ADG", "K21G-ADG0-1", "K21G-ADGU", "K21G_ADG0", "验证码K21G", "x".repeat(40)}) {
            assertThat(PrintedCode.normalized(bad)).as(String.valueOf(bad)).isEmpty();
        }
    }
}
