package org.rdc.reports.pdf;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Breaks text into lines no wider than a measure, the way Chinese is set: a line may break between
 * any two ideographs, Latin words and numbers stay whole (unless one alone is wider than a line),
 * closing punctuation never starts a line and opening punctuation never ends one (the basic rules of
 * W3C "Requirements for Chinese Text Layout" §3.1.7, 行首行尾禁则). Hard line breaks are kept.
 */
final class LineBreaker {

    private static final String NO_LINE_START = "，。、；：？！）》」』】〕〉”’%‰℃·…—,.;:?!)]}>";
    private static final String NO_LINE_END = "（《「『【〔〈“‘([{<";

    private final ToDoubleFunction<String> width;

    LineBreaker(ToDoubleFunction<String> width) {
        this.width = width;
    }

    List<String> lines(String text, double measure) {
        List<String> out = new ArrayList<>();
        for (String paragraph : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            wrap(paragraph.replace('\t', ' ').stripTrailing(), measure, out);
        }
        return out;
    }

    private void wrap(String paragraph, double measure, List<String> out) {
        List<String> units = units(paragraph);
        StringBuilder line = new StringBuilder();
        for (String unit : units) {
            String candidate = line + unit;
            if (width.applyAsDouble(candidate.stripTrailing()) <= measure) {
                line.append(unit);
                continue;
            }
            String rest = unit;
            if (line.length() > 0) {
                out.add(line.toString().stripTrailing());
                line.setLength(0);
                rest = unit.stripLeading();
            }
            // A word wider than the whole line is cut where it must be.
            while (rest.length() > 1 && width.applyAsDouble(rest) > measure) {
                int cut = fit(rest, measure);
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        out.add(line.toString().stripTrailing());
    }

    /** How many leading chars of {@code s} fit in {@code measure} (at least one code point). */
    private int fit(String s, double measure) {
        int end = s.offsetByCodePoints(0, 1);
        while (end < s.length()) {
            int next = s.offsetByCodePoints(end, 1);
            if (width.applyAsDouble(s.substring(0, next)) > measure) {
                break;
            }
            end = next;
        }
        return end;
    }

    /**
     * The pieces between break opportunities: each ideograph (with the punctuation that must stay
     * next to it), each Latin word with the spaces that follow it.
     */
    static List<String> units(String s) {
        List<String> units = new ArrayList<>();
        StringBuilder unit = new StringBuilder();
        boolean glueNext = false;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            String ch = s.substring(i, i + len);
            boolean breakBefore;
            if (unit.length() == 0 || glueNext) {
                breakBefore = false;
            } else if (NO_LINE_START.contains(ch)) {
                breakBefore = false;
            } else if (cp == ' ') {
                breakBefore = false;
            } else {
                int prev = unit.codePointBefore(unit.length());
                breakBefore = prev == ' ' || isIdeographic(cp) || isIdeographic(prev);
            }
            if (breakBefore) {
                units.add(unit.toString());
                unit.setLength(0);
            }
            unit.append(ch);
            glueNext = NO_LINE_END.contains(ch);
            i += len;
        }
        if (unit.length() > 0) {
            units.add(unit.toString());
        }
        return units;
    }

    /** Han, kana, Hangul and the CJK symbols and full-width forms: each may stand at a line's end. */
    static boolean isIdeographic(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL) {
            return true;
        }
        Character.UnicodeBlock block = Character.UnicodeBlock.of(cp);
        return block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }
}
