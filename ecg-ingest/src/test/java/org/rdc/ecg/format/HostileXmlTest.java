package org.rdc.ecg.format;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rdc.ecg.EcgFormatException;

/** Uploaded XML is hostile until proven otherwise (issue 5, "Hostile files"). */
@Timeout(10)
class HostileXmlTest {

    private final EcgReader reader = EcgReader.standard();

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void externalEntityIsRefusedBeforeAnythingIsRead() {
        byte[] xxe = ascii("<?xml version=\"1.0\"?>\n<!DOCTYPE AnnotatedECG [\n"
                + "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
                + "<AnnotatedECG xmlns=\"urn:hl7-org:v3\"><id root=\"&xxe;\"/></AnnotatedECG>");
        assertThatThrownBy(() -> reader.read(xxe)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("HL7 aECG document rejected")
                .hasMessageContaining("external entities are not accepted (entity xxe -> file:///etc/passwd)")
                .hasMessageContaining("line 3");
    }

    @Test
    void externalParameterEntityIsRefused() {
        byte[] xxe = ascii("<?xml version=\"1.0\"?>\n<!DOCTYPE restingecgdata [\n"
                + "  <!ENTITY % remote SYSTEM \"http://127.0.0.1:9/evil.dtd\"> %remote;\n]>\n<restingecgdata/>");
        assertThatThrownBy(() -> reader.read(xxe)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("Philips Sierra XML document rejected")
                .hasMessageContaining("not accepted");
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE RestingECG [\n <!ENTITY lol \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            x.append(" <!ENTITY lol").append(i).append(" \"");
            for (int k = 0; k < 10; k++) {
                x.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            x.append("\">\n");
        }
        x.append("]>\n<RestingECG><MuseInfo>&lol9;</MuseInfo></RestingECG>");
        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read(ascii(x.toString()))).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("GE MUSE XML document rejected")
                .hasMessageContaining("entity declarations are not accepted (entity lol)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void oneHundredMegabytesOfDigitsIsRefusedBySize() {
        byte[] digits = new byte[100 * 1024 * 1024];
        Arrays.fill(digits, (byte) '7');
        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.read(digits)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("104857600 bytes, over the limit of 33554432 bytes");
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(digits))).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("exceeds the limit of 33554432 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void digitsUnderTheLimitAreNamedAsUnsupported() {
        byte[] digits = new byte[1_000_000];
        Arrays.fill(digits, (byte) '7');
        assertThatThrownBy(() -> reader.read(digits)).isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("unsupported ECG format: content starting with bytes 37373737");
    }

    @Test
    void unknownXmlRootIsNamed() {
        assertThatThrownBy(() -> reader.read(ascii("<?xml version=\"1.0\"?><invoice/>")))
                .isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("XML with root element <invoice>");
    }

    @Test
    void brokenXmlGivesLineAndColumn() {
        assertThatThrownBy(() -> reader.read(ascii("<AnnotatedECG>\n<component><series>\n</AnnotatedECG>")))
                .isInstanceOf(EcgFormatException.class)
                .hasMessageContaining("HL7 aECG document rejected at line 3");
    }

    private static org.assertj.core.api.AbstractComparableAssert<?, Duration> assertThat(Duration d) {
        return org.assertj.core.api.Assertions.assertThat(d);
    }
}
