package org.rdc.ecg.render;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The font for header text, which must show Chinese names and statements. Loaded from a
 * configurable file (WenQuanYi Micro Hei by default, Debian package fonts-wqy-microhei); without
 * it the logical sans-serif font is used and a warning says CJK may not render.
 */
public final class CjkFont {

    public static final Path DEFAULT_PATH = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
    private static final Logger LOG = LoggerFactory.getLogger(CjkFont.class);

    private final Font base;

    private CjkFont(Font base) {
        this.base = base;
    }

    public static CjkFont load(Path file) {
        try {
            Font[] fonts = Font.createFonts(new File(file.toString()));
            if (fonts.length > 0) {
                return new CjkFont(fonts[0]);
            }
            LOG.warn("CJK font file {} holds no font; Chinese text may not render", file);
        } catch (IOException | FontFormatException e) {
            LOG.warn("CJK font {} could not be loaded ({}); Chinese text may not render", file, e.getMessage());
        }
        return new CjkFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    public Font sized(float px, boolean bold) {
        return base.deriveFont(bold ? Font.BOLD : Font.PLAIN, px);
    }

    public boolean canDisplayChinese() {
        return base.canDisplayUpTo("窦性心律") == -1;
    }
}
