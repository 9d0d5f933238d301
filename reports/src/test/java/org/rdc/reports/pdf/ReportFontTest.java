package org.rdc.reports.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.rdc.test.Requires;

class ReportFontTest {

    @Test
    void oneFontOfACollectionIsChosenByName() throws Exception {
        Path ttc = Requires.font(ReportFont.DEFAULT_PATH);
        byte[] bytes = new ReportPdf(ReportFont.load(ttc, "WenQuanYiMicroHeiMono")).render(SampleReports.chestDr());
        try (PDDocument doc = Loader.loadPDF(bytes)) {
            PDPage page = doc.getPage(0);
            for (COSName name : page.getResources().getFontNames()) {
                assertThat(page.getResources().getFont(name).getName()).endsWith("+WenQuanYiMicroHeiMono");
            }
        }
        assertThat(PdfAValidator.failuresPdfA2b(bytes)).isEmpty();
    }

    @Test
    void theConfiguredFontComesFromThePropertyWithAFontName() {
        Path ttc = Requires.font(ReportFont.DEFAULT_PATH);
        System.setProperty(ReportFont.PROPERTY, ttc + "#NoSuchFont");
        try {
            assertThatThrownBy(ReportFont::configured).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(ttc.toString()).hasMessageContaining("no font 'NoSuchFont'");
        } finally {
            System.clearProperty(ReportFont.PROPERTY);
        }
    }

    @Test
    void aMissingFontOrOneWithoutChineseIsRefusedAtStartUp() {
        assertThatThrownBy(() -> ReportFont.load(Path.of("/nonexistent/font.ttc"), null))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(ReportFont.ENV);
        Path latinOnly = Requires.font(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
        assertThatThrownBy(() -> ReportFont.load(latinOnly, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Chinese glyphs");
    }
}
