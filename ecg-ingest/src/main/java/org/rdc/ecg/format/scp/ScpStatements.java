package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * Interpretive statements: section 8 (EN 1064 5.11, full text) and section 11 (5.14, universal
 * statement codes with text). Both start with confirmation, date, time and a statement count.
 */
final class ScpStatements {

    private ScpStatements() {
    }

    static List<String> read(ScpSection s, ScpText text) throws EcgFormatException {
        int count = s.u8(8, "number of statements");
        List<String> out = new ArrayList<>();
        int pos = 9;
        for (int i = 0; i < count; i++) {
            String where = "statement " + (i + 1);
            int len = s.u16(pos + 1, where + " length");
            byte[] raw = s.bytes(pos + 3, len, where + " text");
            pos += 3 + len;
            if (s.id() == 11 && raw.length > 0) {
                // Section 11 prefixes a type byte: 1 coded, 2 full text, 3 statement logic.
                String t = text.decode(java.util.Arrays.copyOfRange(raw, 1, raw.length)).replace('\0', ' ').trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            } else {
                String t = text.decode(raw);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }
}
