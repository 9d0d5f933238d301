package org.rdc.reports.pdf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rdc.test.Requires;

class ReportPdfTest {

    private static ReportPdf pdf() {
        return new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null));
    }

    @Test
    void rendersAChestReport() throws Exception {
        byte[] bytes = pdf().render(SampleReports.chestDr());
        Files.write(Path.of("/tmp/rpdf-chest.pdf"), bytes);
        assertTrue(bytes.length > 1000);
    }
}
