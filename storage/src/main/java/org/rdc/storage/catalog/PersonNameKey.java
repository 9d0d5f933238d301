package org.rdc.storage.catalog;

import java.util.Locale;
import org.rdc.dicom.object.PersonName;

/**
 * How the catalog matches Person Name keys (PS3.4 C.2.2.2.1 allows PN matching that ignores case;
 * C.2.2.2.4 wildcards). A stored name is kept as its three component groups, lower-cased; a key
 * without {@code =} matches a name when it matches any one group (a reader types 王* or wang* for the
 * same patient), a key with {@code =} matches group by group, its empty groups matching anything.
 */
final class PersonNameKey {

    private PersonNameKey() {
    }

    /** The lower-cased alphabetic, ideographic and phonetic groups of a stored name (null where empty). */
    static String[] groups(String name) {
        if (name == null || name.isBlank()) {
            return new String[3];
        }
        PersonName pn = PersonName.parse(name.strip());
        return new String[] {normalized(pn.alphabetic()), normalized(pn.ideographic()), normalized(pn.phonetic())};
    }

    private static String normalized(String group) {
        String g = group.strip().toLowerCase(Locale.ROOT);
        return g.isEmpty() ? null : g;
    }

    /**
     * A SQL LIKE pattern (escape character {@code \}) for a DICOM key: {@code *} any run of characters,
     * {@code ?} one character, everything else literal.
     */
    static String like(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '*' -> sb.append('%');
                case '?' -> sb.append('_');
                case '%', '_', '\\' -> sb.append('\\').append(c);
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static boolean hasWildcard(String key) {
        return key.indexOf('*') >= 0 || key.indexOf('?') >= 0;
    }

    static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }
}
