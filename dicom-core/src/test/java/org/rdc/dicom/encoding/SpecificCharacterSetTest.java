package org.rdc.dicom.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rdc.dicom.TestData;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.PersonName;

class SpecificCharacterSetTest {

    /** The Unicode each name in FileInfo.txt stands for (PS3.5 Annex H-K examples; pydicom's test expectations). */
    private static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("chrArab.dcm", "قباني^لنزار"),
            Map.entry("chrFren.dcm", "Buc^Jérôme"),
            Map.entry("chrFrenMulti.dcm", "Buc^Jérôme"),
            Map.entry("chrGerm.dcm", "Äneas^Rüdiger"),
            Map.entry("chrGreek.dcm", "Διονυσιος"),
            Map.entry("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
            Map.entry("chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),
            Map.entry("chrHbrw.dcm", "שרון^דבורה"),
            Map.entry("chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동"),
            Map.entry("chrRuss.dcm", "Люкceмбypг"),
            Map.entry("chrX1.dcm", "Wang^XiaoDong=王^小東="),
            Map.entry("chrX2.dcm", "Wang^XiaoDong=王^小东="));

    @Test
    void everyNameInFileInfoDecodes() throws Exception {
        Path dir = TestData.file("dicom/pydicom-charsets/FileInfo.txt").getParent();
        List<String> checked = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("FileInfo.txt"), StandardCharsets.ISO_8859_1)) {
            if (!line.matches("^chr\\S+\\.dcm\\s.*'$")) {
                continue;
            }
            String name = line.substring(0, line.indexOf(' '));
            byte[] raw = pythonBytes(line.substring(line.lastIndexOf(" '") + 2, line.length() - 1));
            DataSet ds = new Part10Reader().read(dir.resolve(name)).dataSet();
            byte[] inFile = ds.getBytes(Tag.PatientName);
            assertThat(trimPadding(inFile)).as(name + " raw bytes").isEqualTo(raw);
            String expected = EXPECTED.get(name);
            assertThat(expected).as("expected text for " + name).isNotNull();
            // FileInfo lists the raw value; the decoded, unsplit PN value must be the expected text
            assertThat(ds.decode(inFile, VR.PN).stripTrailing()).as(name).isEqualTo(expected);
            assertThat(ds.getString(Tag.PatientName)).as(name).isEqualTo(expected);
            checked.add(name);
        }
        assertThat(checked).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
    }

    @Test
    void multiValuedAndSequenceCharacterSets() throws Exception {
        Path dir = TestData.file("dicom/pydicom-charsets/FileInfo.txt").getParent();
        DataSet multi = new Part10Reader().read(dir.resolve("chrFrenMulti.dcm")).dataSet();
        assertThat(multi.getString(Tag.PatientName)).isEqualTo("Buc^Jérôme");
        assertThat(multi.getStrings(Tag.of(0x0010, 0x1000))).containsExactly("eggs", "spam");

        // the item declares ISO 2022 IR 13 / IR 87, the data set ISO_IR 192 (PS3.5 7.5.3)
        DataSet sq = new Part10Reader().read(dir.resolve("chrSQEncoding.dcm")).dataSet();
        Item item = sq.getSequence(0x00321064).get(0);
        assertThat(item.getString(Tag.PatientName)).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
        // same name, character set declared only in the data set and inherited by the item
        DataSet sq1 = new Part10Reader().read(dir.resolve("chrSQEncoding1.dcm")).dataSet();
        assertThat(sq1.getSequence(0x00321064).get(0).getString(Tag.PatientName))
                .isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");

        DataSet jap = new Part10Reader().read(dir.resolve("chrJapMulti.dcm")).dataSet();
        assertThat(jap.getString(Tag.PatientName)).contains("やまだ");
        DataSet kor = new Part10Reader().read(dir.resolve("chrKoreanMulti.dcm")).dataSet();
        assertThat(kor.getString(Tag.PatientName)).isEqualTo("김희중");
    }

    /** 淺 is 9C 5C in GBK and GB18030, 奮 is 8A 5E: trail bytes equal to the backslash and the caret. */
    @Test
    void gb18030AndGbkTrailBytesAreNotDelimiters() {
        for (String term : new String[] {"GB18030", "GBK"}) {
            SpecificCharacterSet cs = SpecificCharacterSet.of(term);
            byte[] shallow = cs.encode("淺", true);
            byte[] strive = cs.encode("奮", true);
            assertThat(shallow).containsExactly(0x9C, 0x5C);
            assertThat(strive).containsExactly(0x8A, 0x5E);

            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, term);
            ds.setString(Tag.PatientName, VR.PN, "Qian^Fen=淺^奮", "張^淺奮");
            assertThat(ds.getStrings(Tag.PatientName)).containsExactly("Qian^Fen=淺^奮", "張^淺奮");
            PersonName pn = ds.getPersonName(Tag.PatientName);
            assertThat(pn.ideographic()).isEqualTo("淺^奮");
            assertThat(pn.familyName()).isEqualTo("Qian");
            assertThat(pn.givenName()).isEqualTo("Fen");
            assertThat(PersonName.component(pn.ideographic(), 0)).isEqualTo("淺");
            assertThat(PersonName.component(pn.ideographic(), 1)).isEqualTo("奮");
            ds.setString(Tag.of(0x0008, 0x1030), VR.LO, "淺\\奮".split("\\\\"));
            assertThat(ds.getStrings(Tag.of(0x0008, 0x1030))).containsExactly("淺", "奮");
        }
    }

    @Test
    void fourByteGb18030CharactersRoundTrip() throws Exception {
        String rare = "𠀀^𪚥";  // CJK Extension B characters: 4-byte sequences in GB18030
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.setString(Tag.SOPInstanceUID, VR.UI, "2.25.1");
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "GB18030");
        ds.setString(Tag.PatientName, VR.PN, rare);
        assertThat(ds.getBytes(Tag.PatientName)).hasSize(10);  // 4 + 1 + 4, padded to even
        byte[] file = Part10Writer.toBytes(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        DataSet back = new Part10Reader().read(new java.io.ByteArrayInputStream(file), file.length).dataSet();
        assertThat(back.getString(Tag.PatientName)).isEqualTo(rare);
    }

    @Test
    void iso2022Ir58() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 58");
        // PS3.5 Annex K.2 example: 王^小东 with the G1 designation ESC $ ) A repeated after each delimiter
        byte[] expected = bytes("Wang^XiaoDong=", new byte[] {0x1B, 0x24, 0x29, 0x41, (byte) 0xCD, (byte) 0xF5},
                "^", new byte[] {0x1B, 0x24, 0x29, 0x41, (byte) 0xD0, (byte) 0xA1, (byte) 0xB6, (byte) 0xAB}, "=");
        assertThat(cs.encode("Wang^XiaoDong=王^小东=", true)).isEqualTo(expected);
        assertThat(cs.decode(expected)).isEqualTo("Wang^XiaoDong=王^小东=");

        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "", "ISO 2022 IR 58");
        ds.setString(Tag.PatientName, VR.PN, "Wang^XiaoDong=王^小东=");
        assertThat(ds.getPersonName(Tag.PatientName).ideographic()).isEqualTo("王^小东");
    }

    @Test
    void iso2022JapaneseEncodingMatchesTheStandardExample() {
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");
        String name = "Yamada^Tarou=山田^太郎=やまだ^たろう";
        byte[] encoded = cs.encode(name, true);
        // PS3.5 H.3.1: each ideographic run is ESC $ B ... ESC ( B
        assertThat(new String(encoded, StandardCharsets.ISO_8859_1))
                .isEqualTo("Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B=\u001b$B$d$^$@\u001b(B^\u001b$B$?$m$&\u001b(B");
        assertThat(cs.decode(encoded)).isEqualTo(name);
    }

    @Test
    void missingCharacterSetUsesTheFallback() throws Exception {
        byte[] gbName = "张^三".getBytes(Charset.forName("GB18030"));
        DataSet ds = new DataSet();
        ds.setBytes(Tag.PatientName, VR.PN, gbName);
        assertThat(ds.getString(Tag.PatientName)).isEqualTo("张^三");  // default fallback GB18030

        // a facility whose devices send UTF-8 unlabelled: the gateway passes its own fallback
        byte[] utf8 = "张^三".getBytes(StandardCharsets.UTF_8);
        byte[] file = implicitFileWithName(utf8);
        DataSet utf = new Part10Reader(new DataSetReader().fallbackCharacterSet(SpecificCharacterSet.UTF_8))
                .read(new java.io.ByteArrayInputStream(file), file.length).dataSet();
        assertThat(utf.getString(Tag.PatientName)).isEqualTo("张^三");
        DataSet latin = new Part10Reader(new DataSetReader().fallbackCharacterSet(
                SpecificCharacterSet.fallback(StandardCharsets.ISO_8859_1)))
                .read(new java.io.ByteArrayInputStream(file), file.length).dataSet();
        assertThat(latin.getString(Tag.PatientName)).isNotEqualTo("张^三");

        // an empty (0008,0005) is the same as none (pydicom's empty_charset_LEI.dcm)
        DataSet empty = new Part10Reader().read(TestData.file("dicom/pydicom/empty_charset_LEI.dcm")).dataSet();
        assertThat(empty.characterSet()).isSameAs(SpecificCharacterSet.DEFAULT_FALLBACK);
    }

    @Test
    void wrongDeclarationsSeenInTheField() throws Exception {
        byte[] gbName = "王^小东".getBytes(Charset.forName("GB18030"));
        for (String term : new String[] {"GB2312", "ISO_IR 58"}) {
            DataSet ds = new DataSet();
            ds.setString(Tag.SpecificCharacterSet, VR.CS, term);
            ds.setBytes(Tag.PatientName, VR.PN, gbName);
            assertThat(ds.getString(Tag.PatientName)).as(term).isEqualTo("王^小东");
        }
        // a device that declares ISO_IR 100 but sends GBK: the facility's override wins
        DataSet ds = new DataSet();
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 100");
        ds.setBytes(Tag.PatientName, VR.PN, "淺^奮".getBytes(Charset.forName("GBK")));
        Item item = ds.newSequence(0x00081115).addItem();
        item.setBytes(Tag.PatientName, VR.PN, "淺".getBytes(Charset.forName("GBK")));
        assertThat(ds.getString(Tag.PatientName)).isNotEqualTo("淺^奮");
        byte[] file = Part10Writer.toBytes(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
        DataSet read = new Part10Reader(new DataSetReader().overrideCharacterSet(SpecificCharacterSet.of("GBK")))
                .read(new java.io.ByteArrayInputStream(file), file.length).dataSet();
        assertThat(read.getString(Tag.PatientName)).isEqualTo("淺^奮");
        assertThat(read.getSequence(0x00081115).get(0).getString(Tag.PatientName)).isEqualTo("淺");
    }

    @Test
    void definedTermsWithoutCodeExtensions() {
        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(new byte[] {(byte) 0xE9})).isEqualTo("é");
        assertThat(SpecificCharacterSet.of("ISO_IR 101").decode(new byte[] {(byte) 0xB1})).isEqualTo("ą");
        assertThat(SpecificCharacterSet.of("ISO_IR 144").decode(new byte[] {(byte) 0xBB})).isEqualTo("Л");
        assertThat(SpecificCharacterSet.of("ISO_IR 13").decode(new byte[] {(byte) 0xD4})).isEqualTo("ﾔ");
        assertThat(SpecificCharacterSet.of("ISO_IR 166").decode(new byte[] {(byte) 0xA1})).isEqualTo("ก");
        assertThat(SpecificCharacterSet.of("ISO_IR 203").decode(new byte[] {(byte) 0xA4})).isEqualTo("€");
        assertThat(SpecificCharacterSet.of("ISO_IR 148").decode(new byte[] {(byte) 0xFD})).isEqualTo("ı");
        assertThat(SpecificCharacterSet.of("ISO_IR 192").decode("王".getBytes(StandardCharsets.UTF_8))).isEqualTo("王");
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 100").decode(new byte[] {(byte) 0xE9})).isEqualTo("é");
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 149")
                .decode(new byte[] {0x1B, 0x24, 0x29, 0x43, (byte) 0xC8, (byte) 0xAB})).isEqualTo("홍");
        // JIS X 0212 (ISO 2022 IR 159), designated to G0 with ESC $ ( D: 0x30 0x21 is 丂
        assertThat(SpecificCharacterSet.of("", "ISO 2022 IR 87", "ISO 2022 IR 159")
                .decode(new byte[] {0x1B, 0x24, 0x28, 0x44, 0x30, 0x21, 0x1B, 0x28, 0x42})).isEqualTo("丂");
        // Thai and Latin-9 through code extensions
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 166").decode(new byte[] {(byte) 0xA1})).isEqualTo("ก");
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 203").decode(new byte[] {(byte) 0xA4})).isEqualTo("€");
        SpecificCharacterSet korean = SpecificCharacterSet.of("", "ISO 2022 IR 149");
        // byte for byte the PS3.5 Annex I example that chrI2.dcm holds
        assertThat(korean.encode("Hong^Gildong=洪^吉洞=홍^길동", true)).isEqualTo(pythonBytes(
                "Hong^Gildong=\\x1b$)C\\xfb\\xf3^\\x1b$)C\\xd1\\xce\\xd4\\xd7=\\x1b$)C\\xc8\\xab^\\x1b$)C\\xb1\\xe6\\xb5\\xbf"));
        assertThat(SpecificCharacterSet.of((String) null)).isNull();
        assertThat(SpecificCharacterSet.of("ISO_IR 6")).isNull();
    }

    private static byte[] implicitFileWithName(byte[] name) throws Exception {
        DataSet ds = new DataSet();
        ds.setBytes(Tag.PatientName, VR.PN, name);
        return Part10Writer.toBytes(new DicomFile(null, null, ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN));
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) p);
        }
        return out.toByteArray();
    }

    private static byte[] trimPadding(byte[] b) {
        int n = b.length;
        while (n > 0 && (b[n - 1] == ' ' || b[n - 1] == 0)) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }

    /** Decodes a Python bytes literal body such as {@code Buc^J\xe9r\xf4me}. */
    private static byte[] pythonBytes(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && s.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(s.substring(i + 2, i + 4), 16));
                i += 3;
            } else if (c == '\\') {
                out.write(s.charAt(++i));
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }
}
