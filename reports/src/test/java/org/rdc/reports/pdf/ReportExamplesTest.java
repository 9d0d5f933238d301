package org.rdc.reports.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.rdc.reports.signing.KeyKind;
import org.rdc.reports.signing.SignerRole;
import org.rdc.reports.signing.SigningFixture;
import org.rdc.test.Requires;

/**
 * Writes the example of every template to reports/docs (PDF and its pages as PNG at 80 dpi, by
 * poppler's pdftoppm) when asked: {@code -Drdc.docs.write=true}.
 */
@EnabledIfSystemProperty(named = "rdc.docs.write", matches = "true")
class ReportExamplesTest {

    @Test
    void writeExamples() throws Exception {
        Path pdftoppm = Requires.program("pdftoppm", "poppler-utils");
        ReportPdf pdf = new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null));
        Map<String, ReportDocument> examples = new LinkedHashMap<>();
        examples.put("chest-dr", SampleReports.chestDr());
        examples.put("limb-joint-dr", SampleReports.limbDr());
        examples.put("abdomen-us", SampleReports.abdomenUs());
        examples.put("thyroid-us", SampleReports.thyroidUs());
        examples.put("resting-ecg", SampleReports.restingEcg(EcgSample.render(200).png()));
        Path docs = Path.of("docs");
        Files.createDirectories(docs);
        for (Map.Entry<String, ReportDocument> e : examples.entrySet()) {
            write(pdftoppm, docs, e.getKey(), pdf.render(e.getValue()));
        }
        // As the lifecycle makes a countersigned report: the author signs the rendering with the verifier's line
        // reserved, the verifier's signature fills it (test keys of a throw-away alliance CA; the signatures and
        // timestamps differ on every run, so this example changes whenever the docs are written).
        SigningFixture keys = new SigningFixture(Files.createTempDirectory("rdc-example-keys")).withUsers();
        keys.keyStore.issue("chen.senior", "陈志远", KeyKind.RSA, Duration.ofDays(365));
        byte[] authored = keys.signer.sign(pdf.render(SampleReports.chestDrAwaitingVerifier()), "zhang.author", SignerRole.AUTHOR);
        ReportDocument.Signer verifier = SampleReports.chestDrVerifier();
        write(pdftoppm, docs, "chest-dr-countersigned", keys.signer.sign(authored, "chen.senior", SignerRole.VERIFIER,
                ReportPdf.VERIFIER_FIELD, (document, stream) -> pdf.drawSignerLine(document, stream, verifier)));
    }

    private static void write(Path pdftoppm, Path docs, String name, byte[] bytes) throws Exception {
        assertThat(PdfAValidator.failuresPdfA2b(bytes)).isEmpty();
        Path file = docs.resolve(name + ".pdf");
        Files.write(file, bytes);
        Process p = new ProcessBuilder(pdftoppm.toString(), "-png", "-r", "80", file.toString(), docs.resolve(name).toString())
                .inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }
}
