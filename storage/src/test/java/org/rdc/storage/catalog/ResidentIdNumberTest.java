package org.rdc.storage.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** GB 11643-1999 numbers and their ISO 7064 MOD 11-2 check character. */
class ResidentIdNumberTest {

    @Test
    void acceptsValidNumbersWhateverTheirCheckCharacter() {
        // check characters computed by hand with the GB 11643-1999 weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
        // (sum mod 11 -> 1 0 X 9 8 7 6 5 4 3 2): the classic sample, and three of this alliance's shape
        assertThat(ResidentIdNumber.parse("11010519491231002X").value()).isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.parse("440304199001011233").value()).isEqualTo("440304199001011233");
        assertThat(ResidentIdNumber.parse("320102198512034562").value()).isEqualTo("320102198512034562");
        assertThat(ResidentIdNumber.parse(" 11010519491231002x ").value()).as("lower-case x, spaces").isEqualTo("11010519491231002X");
        assertThat(ResidentIdNumber.checkCharacter("51010720011130789")).isEqualTo('7');
    }

    @Test
    void everySingleCharacterChangeIsCaught() {
        String valid = "11010519491231002X";
        for (int i = 0; i < 17; i++) {
            for (char d = '0'; d <= '9'; d++) {
                if (d != valid.charAt(i)) {
                    String changed = valid.substring(0, i) + d + valid.substring(i + 1);
                    char expected = ResidentIdNumber.checkCharacter(changed.substring(0, 17));
                    assertThat(expected).as(changed).isNotEqualTo('X');
                }
            }
        }
        // two neighbours swapped
        assertThat(ResidentIdNumber.checkCharacter("10110519491231002")).isNotEqualTo('X');
    }

    @Test
    void knowsTheBirthDateAndSexItEncodes() {
        ResidentIdNumber woman = ResidentIdNumber.parse("11010519491231002X");
        assertThat(woman.birthDate()).isEqualTo(java.time.LocalDate.of(1949, 12, 31));
        assertThat(woman.sex()).isEqualTo("F");
        assertThat(ResidentIdNumber.parse("440304199001011233").sex()).isEqualTo("M");
        assertThat(woman.agreesWith(java.time.LocalDate.of(1949, 12, 31), "F")).isTrue();
        assertThat(woman.agreesWith(null, "O")).isTrue();
        assertThat(woman.agreesWith(null, "M")).isFalse();
        assertThat(woman.agreesWith(java.time.LocalDate.of(1949, 12, 30), null)).isFalse();
    }

    @Test
    void refusesWithTheReasonNamed() {
        assertThatThrownBy(() -> ResidentIdNumber.parse("110105194912310021")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("check character is 1 where ISO 7064 MOD 11-2 gives X");
        assertThatThrownBy(() -> ResidentIdNumber.parse("11010519491231002")).hasMessageContaining("18 characters, not 17");
        assertThatThrownBy(() -> ResidentIdNumber.parse("110105194912310")).hasMessageContaining("not 15");
        assertThatThrownBy(() -> ResidentIdNumber.parse("11010519491231002Y")).hasMessageContaining("17 digits and a check character");
        assertThatThrownBy(() -> ResidentIdNumber.parse("110105194913310028")).hasMessageContaining("no birth date");
        assertThatThrownBy(() -> ResidentIdNumber.parse(null)).hasMessageContaining("not 0");
    }
}
