package org.rdc.ecg.holter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.Numbers;

/**
 * Time-stamped annotation lists of EDF+ (Kemp and Olivan 2003, section 2.2.2): each TAL is
 * "+onset" or "-onset" in seconds, optionally 0x15 and a duration, then 0x14, then annotations
 * each ended by 0x14, the whole TAL ended by 0x00. The first TAL of each data record has an empty
 * annotation and only keeps time (2.2.4); it is not an annotation of the recording.
 */
final class EdfAnnotations {

    private static final byte DURATION = 0x15;
    private static final byte SEPARATOR = 0x14;

    private EdfAnnotations() {
    }

    static void parse(byte[] b, int length, double fs, List<HolterAnnotation> out) throws EcgFormatException {
        int i = 0;
        while (i < length && (b[i] == '+' || b[i] == '-')) {
            int end = i;
            while (end < length && b[end] != 0) {
                end++;
            }
            int onsetEnd = i;
            while (onsetEnd < end && b[onsetEnd] != SEPARATOR && b[onsetEnd] != DURATION) {
                onsetEnd++;
            }
            double onset = Numbers.parseDouble(new String(b, i, onsetEnd - i, StandardCharsets.US_ASCII), "EDF+: TAL onset");
            int text = onsetEnd;
            while (text < end && b[text] != SEPARATOR) {
                text++;
            }
            text++;
            while (text < end) {
                int stop = text;
                while (stop < end && b[stop] != SEPARATOR) {
                    stop++;
                }
                if (stop > text) {
                    String annotation = new String(b, text, stop - text, StandardCharsets.UTF_8);
                    out.add(new HolterAnnotation(Math.round(onset * fs), code(annotation), annotation));
                }
                text = stop + 1;
            }
            i = end;
            while (i < length && b[i] == 0) {
                i++;
            }
        }
    }

    /** EDF+ carries free text; a text that is a WFDB beat mnemonic (as converters write them) keeps that code. */
    private static String code(String text) {
        return BeatClass.ofMnemonic(text).isPresent() ? text : "\"";
    }
}
