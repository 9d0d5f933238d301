package org.rdc.reports.pdf;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * The TrueType font the report is set in; it must cover Chinese. Read once into memory; a parsed
 * copy serves one document at a time (fontbox's parser is not thread-safe) and goes back to a small
 * pool after it, because parsing the collection's directory and cmap again costs about a third of
 * a one-page render. A collection (.ttc) contributes its first font, or the one named.
 *
 * <p>Configured by {@value #ENV} / system property {@value #PROPERTY} (a path, optionally
 * {@code path#Font Name} for one font of a collection); default WenQuanYi Micro Hei, Debian's
 * fonts-wqy-microhei. PDF/A needs the font embedded, so there is no fallback to a font that is not.
 */
public final class ReportFont {

    public static final String ENV = "RDC_REPORT_FONT";
    public static final String PROPERTY = "rdc.report.font";
    public static final Path DEFAULT_PATH = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    /** Parsed copies kept for reuse: one per thread rendering at once, up to this many. */
    private static final int POOL = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Path file;
    private final String name;
    private final byte[] bytes;
    private final boolean collection;
    private final ConcurrentLinkedQueue<Parsed> pool = new ConcurrentLinkedQueue<>();

    private ReportFont(Path file, String name, byte[] bytes) {
        this.file = file;
        this.name = name;
        this.bytes = bytes;
        this.collection = bytes.length >= 4 && bytes[0] == 't' && bytes[1] == 't' && bytes[2] == 'c' && bytes[3] == 'f';
    }

    /** The configured font ({@value #PROPERTY}, then {@value #ENV}, then the default). */
    public static ReportFont configured() {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            spec = System.getenv(ENV);
        }
        if (spec == null || spec.isBlank()) {
            return load(DEFAULT_PATH, null);
        }
        int hash = spec.indexOf('#');
        return hash < 0 ? load(Path.of(spec), null) : load(Path.of(spec.substring(0, hash)), spec.substring(hash + 1));
    }

    /** @param name the font of a collection to use, or null for its first */
    public static ReportFont load(Path file, String name) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("the report font " + file + " cannot be read (install fonts-wqy-microhei or set "
                    + ENV + ")", e);
        }
        ReportFont font = new ReportFont(file, name, bytes);
        try (Parsed p = font.open()) {
            if (p.font().getUnicodeCmapLookup().getGlyphId('报') == 0) {
                throw new IllegalArgumentException("the report font " + file + " has no Chinese glyphs");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the report font " + file + " cannot be used (a TrueType font or collection is "
                    + "needed): " + e.getMessage(), e);
        }
        return font;
    }

    public Path file() {
        return file;
    }

    /** A parsed copy for one document, until {@link #release}d after the document is saved (subsetting reads it then). */
    Parsed borrow() throws IOException {
        Parsed p = pool.poll();
        return p != null ? p : open();
    }

    /** Back to the pool after a document that completed; after a failure its state is unknown, so it is closed. */
    void release(Parsed p, boolean reusable) {
        if (reusable && pool.size() < POOL) {
            pool.offer(p);
            return;
        }
        try {
            p.close();
        } catch (IOException e) {
            // Nothing is written through it; a failed close loses nothing.
        }
    }

    private Parsed open() throws IOException {
        if (!collection) {
            TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
            return new Parsed(ttf, ttf);
        }
        TrueTypeCollection ttc = new TrueTypeCollection(new ByteArrayInputStream(bytes));
        List<TrueTypeFont> found = new ArrayList<>(1);
        if (name != null) {
            TrueTypeFont f = ttc.getFontByName(name);
            if (f != null) {
                found.add(f);
            }
        } else {
            ttc.processAllFonts(f -> {
                if (found.isEmpty()) {
                    found.add(f);
                }
            });
        }
        if (found.isEmpty()) {
            ttc.close();
            throw new IOException("no font " + (name == null ? "" : "'" + name + "' ") + "in the collection " + file);
        }
        return new Parsed(found.get(0), ttc);
    }

    /** A parsed font and what must be closed with it. */
    record Parsed(TrueTypeFont font, AutoCloseable owner) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                owner.close();
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
