package org.rdc.reports.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Line breaking measured in characters (every character one unit wide) so the expectations are exact. */
class LineBreakerTest {

    private final LineBreaker breaker = new LineBreaker(s -> s.codePointCount(0, s.length()));

    @Test
    void breaksBetweenAnyTwoIdeographs() {
        assertThat(breaker.lines("胸廓对称气管居中两肺纹理增多", 5)).containsExactly("胸廓对称气", "管居中两肺", "纹理增多");
    }

    @Test
    void keepsLatinWordsAndNumbersWhole() {
        assertThat(breaker.lines("右桡骨远端Colles骨折", 8)).containsExactly("右桡骨远端", "Colles骨折");
        assertThat(breaker.lines("大小约 0.8×0.6cm 结节", 12)).containsExactly("大小约", "0.8×0.6cm 结节");
    }

    @Test
    void closingPunctuationNeverStartsALineAndOpeningNeverEndsOne() {
        // "，" would start line two: it goes with the ideograph before it, which moves down with it.
        assertThat(breaker.lines("两肺门影不大，心影正常", 6)).containsExactly("两肺门影不", "大，心影正常");
        assertThat(breaker.lines("建议复查（三个月后）", 5)).containsExactly("建议复查", "（三个月", "后）");
    }

    @Test
    void aWordWiderThanTheLineIsCut() {
        assertThat(breaker.lines("ABCDEFGHIJ", 4)).containsExactly("ABCD", "EFGH", "IJ");
    }

    @Test
    void keepsHardLineBreaksAndEmptyLines() {
        List<String> lines = breaker.lines("1. 右下肺炎症。\r\n\n2. 主动脉硬化。", 20);
        assertThat(lines).containsExactly("1. 右下肺炎症。", "", "2. 主动脉硬化。");
    }
}
