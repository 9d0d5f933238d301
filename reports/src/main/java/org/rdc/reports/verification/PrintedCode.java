package org.rdc.reports.verification;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The verification code a report PDF carries: in its document information under {@link #INFO_KEY}
 * when the renderer put it there, else as printed on the first page ("验证码 ...").
 */
public final class PrintedCode {

    /** The document information key for the verification code (ISO 32000-2 §14.3.3 allows custom keys). */
    public static final String INFO_KEY = "RdcVerificationCode";

    private static final Pattern PRINTED = Pattern.compile("验证码\\s*([A-Za-z0-9-]{4,64})");

    private PrintedCode() {
    }

    public static Optional<String> of(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String info = document.getDocumentInformation().getCustomMetadataValue(INFO_KEY);
            if (info != null && !info.isBlank()) {
                return Optional.of(info.strip());
            }
            PDFTextStripper text = new PDFTextStripper();
            text.setStartPage(1);
            text.setEndPage(1);
            Matcher m = PRINTED.matcher(text.getText(document));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
