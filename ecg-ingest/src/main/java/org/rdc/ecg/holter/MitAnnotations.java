package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * MIT-format annotation files as annot(5) of the WFDB Software Package defines them: 16-bit
 * little-endian words, annotation type in the top 6 bits (A) and time difference in the low 10 (I);
 * A = 59 SKIP (a 32-bit interval follows, high half first), 60 NUM, 61 SUB, 62 CHN (set fields),
 * 63 AUX (I bytes of text follow, padded to even); A = I = 0 ends the file.
 */
final class MitAnnotations {

    /** Mnemonics of the annotation codes 0-49 (WFDB ecgcodes.h; "Annotation codes" in the WFDB guide). */
    private static final String[] MNEMONICS = {
        " ", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "[15]", "|", "[17]", "s", "T",
        "*", "D", "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(",
        ")", "r", "[42]", "[43]", "[44]", "[45]", "[46]", "[47]", "[48]", "[49]"};
    private static final int SKIP = 59;
    private static final int NUM = 60;
    private static final int SUB = 61;
    private static final int CHN = 62;
    private static final int AUX = 63;

    private MitAnnotations() {
    }

    static List<HolterAnnotation> read(Path file) throws IOException {
        List<HolterAnnotation> out = new ArrayList<>();
        try (LittleEndianInput in = new LittleEndianInput(FileChannel.open(file, StandardOpenOption.READ), 0)) {
            long time = 0;
            String pendingCode = null;
            long pendingTime = 0;
            while (in.has(2)) {
                int word = in.u16();
                int type = word >> 10;
                int value = word & 0x3FF;
                if (type == 0 && value == 0) {
                    break;
                }
                switch (type) {
                    case SKIP -> {
                        int high = in.u16();
                        int low = in.u16();
                        time += high << 16 | low;
                    }
                    case NUM, SUB, CHN -> {
                        // Field settings for the annotations that follow: not needed for single-channel reference sets.
                    }
                    case AUX -> {
                        byte[] text = new byte[value];
                        for (int i = 0; i < value; i++) {
                            text[i] = (byte) in.u8();
                        }
                        if ((value & 1) == 1) {
                            in.skip(1);
                        }
                        if (pendingCode != null) {
                            out.set(out.size() - 1, new HolterAnnotation(pendingTime, pendingCode, auxText(text)));
                        }
                    }
                    default -> {
                        time += value;
                        pendingCode = type < MNEMONICS.length ? MNEMONICS[type] : "[" + type + "]";
                        pendingTime = time;
                        out.add(new HolterAnnotation(time, pendingCode, ""));
                    }
                }
            }
        }
        return out;
    }

    /** Aux strings end at the first NUL (rhythm labels such as "(N" are stored with one). */
    private static String auxText(byte[] text) {
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
