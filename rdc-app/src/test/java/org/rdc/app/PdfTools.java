package org.rdc.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.test.Requires;

/**
 * What poppler makes of a signed report, for the tests that check it: the text a viewer shows ({@code pdftotext}) and
 * the verdict on each signature ({@code pdfsig}, against an NSS database that trusts the application's alliance CA).
 * Shared so that each report test does not copy it.
 */
public final class PdfTools {

    private final Path dir;
    private final KeyStoreDirectory keys;

    /** Copies of PDFs and the NSS database go in {@code dir}; {@code keys} is the application's, whose CA pdfsig is to trust. */
    public PdfTools(Path dir, KeyStoreDirectory keys) {
        this.dir = dir;
        this.keys = keys;
    }

    /** What pdftotext reads on the pages, as a viewer shows them (signature appearances included). */
    public static String text(Path pdf) throws Exception {
        Path tool = Requires.program("pdftotext", "poppler-utils");
        return run(true, tool.toString(), "-layout", "-enc", "UTF-8", pdf.toString(), "-");
    }

    /** As {@link #text(Path)}, of a PDF in memory (copied into {@code dir} first). */
    public static String text(byte[] pdf, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "report-", ".pdf");
        Files.write(file, pdf);
        return text(file);
    }

    /** pdfsig's verdict per signature, one block each, in the order pdfsig lists them. */
    public List<String> signatures(Path pdf) throws Exception {
        Path pdfsig = Requires.program("pdfsig", "poppler-utils");
        Path nss = trustingNssDatabase();
        List<String> blocks = new ArrayList<>();
        // not checked: pdfsig's exit status also counts the SM2 signatures NSS cannot judge
        for (String block : run(false, pdfsig.toString(), "-nssdir", "sql:" + nss, pdf.toString()).split("(?m)^Signature #\\d+:")) {
            if (block.contains("Signature Field Name")) {
                blocks.add(block);
            }
        }
        return blocks;
    }

    /** As {@link #signatures(Path)}, of a PDF in memory (copied into {@code dir} first). */
    public List<String> signatures(byte[] pdf) throws Exception {
        Path file = Files.createTempFile(dir, "signed-", ".pdf");
        Files.write(file, pdf);
        return signatures(file);
    }

    /** The NSS database in {@code dir/nss}, made once: pdfsig trusts what it trusts, the alliance CA the centre made for itself. */
    private Path trustingNssDatabase() throws Exception {
        Path nss = dir.resolve("nss");
        if (!Files.isDirectory(nss)) {
            Path certutil = Requires.program("certutil", "libnss3-tools");
            Files.createDirectories(nss);
            run(true, certutil.toString(), "-N", "-d", "sql:" + nss, "--empty-password");
            run(true, certutil.toString(), "-A", "-d", "sql:" + nss, "-n", "alliance-ca", "-t", "CT,C,C",
                    "-i", keys.caDirectory().resolve("rsa-ca.pem").toString());
        }
        return nss;
    }

    private static String run(boolean mustSucceed, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (mustSucceed) {
            assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        }
        return out;
    }
}
