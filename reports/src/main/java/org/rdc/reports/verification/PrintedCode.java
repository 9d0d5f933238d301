package org.rdc.reports.verification;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * The verification code of a report document: eight characters of Crockford's base32 (no I, L, O, U,
 * since people read it off the paper and type it), printed as {@code XXXX-XXXX}; 40 random bits
 * from a SecureRandom, so codes cannot be derived from one another (the public page also limits
 * lookups per client). A report PDF carries it in its document information under
 * {@link #INFO_KEY} when the renderer put it there, else as printed on the first page ("验证码 ...").
 */
public final class PrintedCode {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The document information key for the verification code (ISO 32000-2 §14.3.3 allows custom keys). */
    public static final String INFO_KEY = "RdcVerificationCode";

    private static final Pattern PRINTED = Pattern.compile("验证码\\s*([A-Za-z0-9-]{4,64})");

    private PrintedCode() {
    }

    /** A new code. */
    public static String random() {
        StringBuilder b = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                b.append('-');
            }
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /**
     * A code as someone typed it, in its printed form: case, spaces and the hyphen do not matter, and
     * O, I and L are read as 0, 1 and 1 (Crockford). Empty when it cannot be a code.
     */
    public static Optional<String> normalized(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(9);
        for (char c : typed.toUpperCase(java.util.Locale.ROOT).toCharArray()) {
            char d = c == 'O' ? '0' : c == 'I' || c == 'L' ? '1' : c;
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (ALPHABET.indexOf(d) < 0 || b.length() == 8) {
                return Optional.empty();
            }
            b.append(d);
        }
        return b.length() == 8 ? Optional.of(b.insert(4, '-').toString()) : Optional.empty();
    }

    /** The code a PDF carries, if any. */
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
