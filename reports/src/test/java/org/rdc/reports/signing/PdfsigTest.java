package org.rdc.reports.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.reports.pdf.PdfAValidator;
import org.rdc.reports.pdf.ReportDocument;
import org.rdc.reports.pdf.ReportFont;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;
import org.rdc.test.Requires;

/**
 * poppler's pdfsig (with NSS) checks our PAdES signatures as any relying party would: the alliance CA
 * is trusted in a temporary NSS database (certutil), so a valid signature is reported valid and its
 * certificate trusted, and one changed byte in the signed range is reported broken.
 */
class PdfsigTest {

    @TempDir
    static Path dir;
    static SigningFixture f;
    static Path pdfsig;
    static Path nssDb;

    @BeforeAll
    static void trustTheAllianceCa() throws Exception {
        pdfsig = Requires.program("pdfsig", "poppler-utils");
        Path certutil = Requires.program("certutil", "libnss3-tools");
        f = new SigningFixture(dir.resolve("keys")).withUsers();
        nssDb = Files.createDirectories(dir.resolve("nss"));
        run(certutil.toString(), "-N", "-d", "sql:" + nssDb, "--empty-password");
        run(certutil.toString(), "-A", "-d", "sql:" + nssDb, "-n", "alliance-ca", "-t", "CT,C,C",
                "-i", f.keyStore.caDirectory().resolve("rsa-ca.pem").toString());
    }

    @Test
    void pdfsigReportsTheAuthorAndVerifierPadesSignaturesValidAndTrusted() throws Exception {
        byte[] authored = f.signer.sign(SigningFixture.onePagePdf("P1"), "zhang.author", SignerRole.AUTHOR);
        byte[] verified = f.signer.sign(authored, "li.senior", SignerRole.VERIFIER);
        List<String> signatures = pdfsig(verified);
        assertThat(signatures).hasSize(3);
        for (int i : new int[] {0, 2}) {
            assertThat(signatures.get(i)).contains("Signature Type: ETSI.CAdES.detached")
                    .contains("Signature Validation: Signature is Valid.")
                    .contains("Certificate Validation: Certificate is Trusted.");
        }
        assertThat(signatures.get(0)).contains("Signer Certificate Common Name: 张医生");
        assertThat(signatures.get(2)).contains("Signer Certificate Common Name: 李主任").contains("Total document signed");
        // signatures.get(1) is the SM2 one: NSS has no SM2, so pdfsig cannot judge it; our verifier and plain BouncyCastle do.
    }

    /**
     * The countersigned report as the lifecycle makes it (PdfSignStep): rendered with the verifier's
     * line reserved, signed by the author, countersigned with the verifier's line filled in. Its text
     * (poppler's pdftotext, which prints what a viewer shows, annotations included) carries both
     * signers and times, the author's signed revision does not change, it is still PDF/A-2b, and
     * pdfsig finds every PAdES signature valid.
     */
    @Test
    void theCountersignedReportPrintsBothSignersAndTimesAndEverySignatureStaysValid() throws Exception {
        Path pdftotext = Requires.program("pdftotext", "poppler-utils");
        ReportPdf renderer = new ReportPdf(ReportFont.load(Requires.font(ReportFont.DEFAULT_PATH), null));
        f.keyStore.issue("chen.senior", "陈志远", KeyKind.RSA, java.time.Duration.ofDays(365));
        byte[] authored = f.signer.sign(renderer.render(SampleReports.chestDrAwaitingVerifier()), "zhang.author", SignerRole.AUTHOR);
        String authorsText = text(pdftotext, authored);
        assertThat(authorsText).contains("报告医师：").contains("李明华").contains("签名时间：2026-12-03 10:05").doesNotContain("审核医师");

        ReportDocument.Signer line = SampleReports.chestDrVerifier();
        byte[] countersigned = f.signer.sign(authored, "chen.senior", SignerRole.VERIFIER, ReportPdf.VERIFIER_FIELD,
                (document, stream) -> renderer.drawSignerLine(document, stream, line));

        String text = text(pdftotext, countersigned);
        assertThat(text).contains("报告医师：").contains("李明华").contains("签名时间：2026-12-03 10:05")
                .contains("审核医师：").contains("陈志远").contains("签名时间：2026-12-03 10:31");
        assertThat(java.util.Arrays.copyOf(countersigned, authored.length)).isEqualTo(authored);
        assertThat(PdfAValidator.failuresPdfA2b(countersigned)).isEmpty();
        assertThat(f.verifier.verify(countersigned).intact()).isTrue();
        List<String> signatures = pdfsig(countersigned);
        // pdfsig lists fields in form order, and the verifier's field was there first.
        assertThat(signatures).hasSize(3);
        assertThat(signatures).filteredOn(b -> b.contains("Common Name: 张医生") && b.contains("SHA-256"))
                .singleElement().asString().contains("Signature is Valid.").contains("Certificate is Trusted.");
        assertThat(signatures).filteredOn(b -> b.contains("Common Name: 陈志远")).singleElement().asString()
                .contains("Signature Field Name: " + ReportPdf.VERIFIER_FIELD).contains("Signature is Valid.")
                .contains("Certificate is Trusted.").contains("Total document signed");
    }

    /** What pdftotext reads from the page, laid out as printed. */
    static String text(Path pdftotext, byte[] pdf) throws Exception {
        Path file = Files.createTempFile(dir, "text-", ".pdf");
        Files.write(file, pdf);
        return run(pdftotext.toString(), "-layout", "-enc", "UTF-8", file.toString(), "-");
    }

    @Test
    void pdfsigReportsTheSignatureBrokenAfterOneByteOfTheSignedRangeChanged() throws Exception {
        byte[] signed = f.signer.sign(SigningFixture.onePagePdf("P2"), "li.senior", SignerRole.VERIFIER);
        assertThat(pdfsig(signed).get(0)).contains("Signature Validation: Signature is Valid.");
        byte[] changed = signed.clone();
        int at = PadesReportSignerTest.indexOf(changed, "no active lung disease");
        changed[at] = 'N';
        try (PDDocument stillAPdf = Loader.loadPDF(changed)) {
            assertThat(stillAPdf.getSignatureDictionaries()).hasSize(1);
        }
        String broken = pdfsig(changed).get(0);
        assertThat(broken).doesNotContain("Signature is Valid.").contains("Signature Validation: Digest Mismatch.");
        assertThat(f.verifier.verify(changed).intact()).isFalse();
    }

    /** pdfsig's answer, one block per signature. */
    private static List<String> pdfsig(byte[] pdf) throws Exception {
        Path file = Files.createTempFile(dir, "signed-", ".pdf");
        Files.write(file, pdf);
        String out = run(pdfsig.toString(), "-nssdir", "sql:" + nssDb, file.toString());
        List<String> blocks = new ArrayList<>();
        for (String block : out.split("(?m)^Signature #\\d+:")) {
            if (block.contains("Signature Field Name")) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
