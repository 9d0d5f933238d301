package org.rdc.reports.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.rdc.storage.MutableClock;

/** A key store in a temporary directory with one author (RSA + SM2) and one verifier (RSA), the embedded TSA, signer and verifier. */
public final class SigningFixture {

    public static final char[] PASSWORD = "test-key-store-password".toCharArray();

    public final MutableClock clock = new MutableClock(Instant.now());
    public final KeyStoreDirectory keyStore;
    public final EmbeddedTimestampAuthority tsa;
    public final PadesReportSigner signer;
    public final PdfSignatureVerifier verifier;

    public SigningFixture(Path dir) {
        keyStore = KeyStoreDirectory.open(dir, PASSWORD, clock, "Test County Alliance");
        tsa = keyStore.timestampAuthority();
        signer = new PadesReportSigner(keyStore, tsa, clock);
        verifier = new PdfSignatureVerifier(keyStore::trustAnchors);
    }

    public SigningFixture withUsers() {
        keyStore.issue("zhang.author", "张医生", KeyKind.RSA, Duration.ofDays(365));
        keyStore.issue("zhang.author", "张医生", KeyKind.SM2, Duration.ofDays(365));
        keyStore.issue("li.senior", "李主任", KeyKind.RSA, Duration.ofDays(365));
        return this;
    }

    /** A one-page PDF with a line of text and the verification code in its document information. */
    public static byte[] onePagePdf(String code) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                content.newLineAtOffset(72, 760);
                content.showText("Chest DR report " + code + ": no active lung disease.");
                content.endText();
            }
            document.getDocumentInformation().setCustomMetadataValue(org.rdc.reports.verification.PrintedCode.INFO_KEY, code);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
