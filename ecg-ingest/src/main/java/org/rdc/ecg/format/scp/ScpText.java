package org.rdc.ecg.format.scp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text fields of SCP-ECG: NUL-terminated, in the character set the acquiring device announces in
 * section 1 tag 14 (EN 1064 5.4.3.1, "language support code"). Chinese carts commonly write UTF-8
 * or GB18030 whatever they announce, so strictly valid non-ASCII UTF-8 is taken as UTF-8 first.
 */
final class ScpText {

    private final Charset declared;

    private ScpText(Charset declared) {
        this.declared = declared;
    }

    static ScpText forLanguageCode(int code) {
        return new ScpText(charset(code));
    }

    static ScpText latin1() {
        return new ScpText(StandardCharsets.ISO_8859_1);
    }

    private static Charset charset(int code) {
        String name;
        switch (code) {
            case 0x03: name = "ISO-8859-2"; break;
            case 0x0B: name = "ISO-8859-4"; break;
            case 0x13: name = "ISO-8859-5"; break;
            case 0x1B: name = "ISO-8859-6"; break;
            case 0x23: name = "ISO-8859-7"; break;
            case 0x2B: name = "ISO-8859-8"; break;
            case 0x33: name = "x-iso-8859-11"; break;
            case 0x3B: name = "ISO-8859-15"; break;
            case 0x07: name = "UTF-16LE"; break;
            case 0x0F: case 0x17: case 0x1F: name = "Shift_JIS"; break;
            case 0x27: name = "GB18030"; break;
            case 0x2F: name = "EUC-KR"; break;
            default: name = "ISO-8859-1"; break;
        }
        return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.ISO_8859_1;
    }

    String decode(byte[] raw) {
        int end = 0;
        if (declared.equals(StandardCharsets.UTF_16LE)) {
            while (end + 1 < raw.length && (raw[end] != 0 || raw[end + 1] != 0)) {
                end += 2;
            }
        } else {
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
        }
        boolean ascii = true;
        for (int i = 0; i < end; i++) {
            ascii &= raw[i] >= 0;
        }
        if (!ascii && !declared.equals(StandardCharsets.UTF_16LE)) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw, 0, end)).toString().trim();
            } catch (CharacterCodingException notUtf8) {
                // fall through to the declared set
            }
        }
        return new String(raw, 0, end, declared).trim();
    }
}
