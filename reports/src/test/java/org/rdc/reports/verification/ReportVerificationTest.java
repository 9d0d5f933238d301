package org.rdc.reports.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.reports.pdf.PdfAValidator;
import org.rdc.reports.pdf.ReportPdf;
import org.rdc.reports.pdf.SampleReports;
import org.rdc.reports.signing.SignerRole;
import org.rdc.reports.signing.SigningFixture;
import org.rdc.reports.signing.Verification;
import org.rdc.reports.verification.DocumentCheck.Outcome;

class ReportVerificationTest {

    @TempDir
    static Path dir;
    static SigningFixture f;
    static InMemoryIssuedDocuments issued;
    static ReportVerification verification;
    static byte[] version1;
    static byte[] version2;
    static byte[] version2AuthorOnly;

    @BeforeAll
    static void issueTwoVersions() {
        f = new SigningFixture(dir).withUsers();
        issued = new InMemoryIssuedDocuments();
        verification = new ReportVerification(f.verifier, issued);
        version1 = countersigned(SigningFixture.onePagePdf("CODE-V1"));
        version2AuthorOnly = f.signer.sign(SigningFixture.onePagePdf("CODE-V2"), "zhang.author", SignerRole.AUTHOR);
        version2 = f.signer.sign(version2AuthorOnly, "li.senior", SignerRole.VERIFIER);
        issued.issue("CODE-V1", "rpt-1", 1, 2, "th01", version1);
        issued.issue("CODE-V2", "rpt-1", 2, 2, "th01", version2);
    }

    static byte[] countersigned(byte[] pdf) {
        return f.signer.sign(f.signer.sign(pdf, "zhang.author", SignerRole.AUTHOR), "li.senior", SignerRole.VERIFIER);
    }

    @Test
    void theCurrentVersionUnchangedIsCurrent() {
        DocumentCheck check = verification.check(version2);
        assertThat(check.outcome()).isEqualTo(Outcome.CURRENT);
        assertThat(check.issued()).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(2));
        assertThat(check.verification().intact()).isTrue();
    }

    @Test
    void anEarlierVersionIsReportedAsOlderWithTheCurrentOne() {
        DocumentCheck check = verification.check(version1);
        assertThat(check.outcome()).isEqualTo(Outcome.OLDER_VERSION);
        assertThat(check.issued()).hasValueSatisfying(d -> {
            assertThat(d.version()).isEqualTo(1);
            assertThat(d.currentVersion()).isEqualTo(2);
        });
        assertThat(check.verification().intact()).as("its signatures are still good: it is just not current").isTrue();
    }

    @Test
    void aChangedByteIsReportedAsChanged() {
        byte[] changed = version2.clone();
        changed[indexOf(changed, "no active lung disease")] = 'N';
        DocumentCheck check = verification.check(changed);
        assertThat(check.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(check.issued()).hasValueSatisfying(d -> assertThat(d.code()).isEqualTo("CODE-V2"));
        assertThat(check.verification().intact()).isFalse();
    }

    @Test
    void contentAppendedAfterTheLastSignatureIsReportedAsChanged() throws Exception {
        byte[] appended;
        try (PDDocument document = Loader.loadPDF(version2)) {
            PDPage extra = new PDPage();
            document.addPage(extra);
            document.getPages().getCOSObject().setNeedToBeUpdated(true);
            document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.saveIncremental(out);
            appended = out.toByteArray();
        }
        assertThat(Arrays.copyOf(appended, version2.length)).isEqualTo(version2);
        DocumentCheck check = verification.check(appended);
        assertThat(check.outcome()).isEqualTo(Outcome.CHANGED);
        assertThat(check.verification().signatures()).allMatch(s -> s.valid()).noneMatch(s -> s.coversWholeFile());
    }

    @Test
    void theVerifierSignatureCutOffIsReportedAsRemoved() {
        DocumentCheck check = verification.check(version2AuthorOnly);
        assertThat(check.verification().intact()).as("what remains is a valid author-signed file").isTrue();
        assertThat(check.outcome()).isEqualTo(Outcome.SIGNATURE_REMOVED);
        assertThat(check.issued()).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(2));
    }

    @Test
    void signaturesStrippedByRewritingTheFileAreReportedAsRemoved() throws Exception {
        byte[] stripped;
        try (PDDocument document = Loader.loadPDF(version2)) {
            document.getDocumentCatalog().setAcroForm(null);
            for (PDPage page : document.getPages()) {
                page.setAnnotations(java.util.List.of());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            stripped = out.toByteArray();
        }
        DocumentCheck check = verification.check(stripped);
        assertThat(check.verification().signatures()).isEmpty();
        assertThat(check.outcome()).isEqualTo(Outcome.SIGNATURE_REMOVED);
    }

    @Test
    void unknownPdfsAndNonPdfsAreSaidToBeSo() {
        assertThat(verification.check(countersigned(SigningFixture.onePagePdf("CODE-ELSE"))).outcome()).isEqualTo(Outcome.NOT_OURS);
        assertThat(verification.check(SigningFixture.onePagePdf("NO-SIGNATURE")).outcome()).isEqualTo(Outcome.NOT_OURS);
        assertThat(verification.check("%PDF-1.7 garbage".getBytes()).outcome()).isEqualTo(Outcome.NOT_A_PDF);
    }

    @Test
    void thePublicCheckByCodeVerifiesTheStoredPdf() {
        assertThat(verification.byCode("CODE-V2")).hasValueSatisfying(c -> {
            assertThat(c.outcome()).isEqualTo(Outcome.CURRENT);
            assertThat(c.verification().intact()).isTrue();
            assertThat(c.verification().documentDigest()).isEqualTo(InMemoryIssuedDocuments.sha256(version2));
        });
        assertThat(verification.byCode("CODE-V1")).hasValueSatisfying(c -> assertThat(c.outcome()).isEqualTo(Outcome.OLDER_VERSION));
        assertThat(verification.byCode("NOPE")).isEmpty();
    }

    /** rpdf's real report: signed twice it stays PDF/A-2b (veraPDF), and its printed code is found on the page. */
    @Test
    void aRenderedReportSignedByAuthorAndVerifierStaysPdfA2bAndItsPrintedCodeIsRead() throws Exception {
        byte[] rendered = new ReportPdf().render(SampleReports.chestDr());
        byte[] signed = countersigned(rendered);
        assertThat(PdfAValidator.failuresPdfA2b(signed)).isEmpty();
        Verification v = f.verifier.verify(signed);
        assertThat(v.intact()).isTrue();
        assertThat(v.signatures()).hasSize(3);
        assertThat(PrintedCode.of(signed)).contains("7KQ4-M2XD");
    }

    static int indexOf(byte[] data, String text) {
        byte[] t = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i <= data.length - t.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (data[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }
}
