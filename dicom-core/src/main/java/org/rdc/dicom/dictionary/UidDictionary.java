package org.rdc.dicom.dictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The UID registry of PS3.6 Annex A (SOP classes, transfer syntaxes, ...), loaded on first use. */
public final class UidDictionary {

    private UidDictionary() {
    }

    private static final class Loaded {
        static final Map<String, UidEntry> BY_UID = new LinkedHashMap<>(1024);

        static {
            try (InputStream in = UidDictionary.class.getResourceAsStream("uids.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("missing resource uids.tsv");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                for (String line; (line = reader.readLine()) != null; ) {
                    if (!line.isEmpty() && line.charAt(0) != '#') {
                        String[] f = line.split("\t", -1);
                        BY_UID.putIfAbsent(f[0], new UidEntry(f[0], f[1], f[2], f[3], "R".equals(f[4])));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The registry entry, or {@code null} for UIDs not defined by the standard. */
    public static UidEntry lookup(String uid) {
        return Loaded.BY_UID.get(uid);
    }

    /** Every registered UID, in registry order (e.g. to list all storage SOP classes or transfer syntaxes). */
    public static Collection<UidEntry> entries() {
        return Collections.unmodifiableCollection(Loaded.BY_UID.values());
    }

    /** The name, or the UID itself when it is not registered. */
    public static String nameOf(String uid) {
        UidEntry entry = lookup(uid);
        return entry == null ? uid : entry.name();
    }
}
