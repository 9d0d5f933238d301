package org.rdc.gateway.registry;

import java.util.List;

/**
 * How strong a device API key is. A key is only as strong as the way it was made, which we cannot see;
 * what we can see is its length and its alphabet, so the estimate is
 * {@code length x log2(size of the smallest usual alphabet holding every character of the key)}, the
 * alphabets being digits (10), hexadecimal (16, one case), lower or upper case letters (26), letters of
 * one case with digits (36), letters and digits (62), base64 or base64url (64, '=' padding not counted)
 * and printable ASCII (95). That is an upper bound for a random key of that shape: 32 hex digits
 * ({@code openssl rand -hex 16}) make 128 bits, 22 base64 characters 132. A key of fewer than
 * {@link #MIN_DISTINCT} different characters is no random key whatever its length (aaaa...).
 */
public final class ApiKeys {

    /** NIST SP 800-63B asks at least 112 bits of a look-up secret; we ask 128, the strength of AES-128. */
    public static final int MIN_BITS = 128;
    static final int MIN_DISTINCT = 8;

    private record Alphabet(String name, int size, String pattern) {
    }

    private static final List<Alphabet> ALPHABETS = List.of(
            new Alphabet("digits", 10, "[0-9]+"),
            new Alphabet("hexadecimal", 16, "[0-9a-f]+|[0-9A-F]+"),
            new Alphabet("letters of one case", 26, "[a-z]+|[A-Z]+"),
            new Alphabet("letters of one case and digits", 36, "[a-z0-9]+|[A-Z0-9]+"),
            new Alphabet("letters and digits", 62, "[A-Za-z0-9]+"),
            new Alphabet("base64", 64, "[A-Za-z0-9+/]+=*|[A-Za-z0-9_-]+=*"),
            new Alphabet("printable ASCII", 95, "[\\x20-\\x7E]+"));

    private ApiKeys() {
    }

    /** The estimated entropy in bits (0 for a key outside printable ASCII, which no HTTP header carries). */
    public static double entropyBits(String key) {
        Alphabet a = alphabet(key);
        if (a == null || key.chars().distinct().count() < MIN_DISTINCT) {
            return 0;
        }
        return key.replaceAll("=+$", "").length() * (Math.log(a.size) / Math.log(2));
    }

    private static Alphabet alphabet(String key) {
        if (key != null && !key.isEmpty()) {
            for (Alphabet a : ALPHABETS) {
                if (key.matches(a.pattern)) {
                    return a;
                }
            }
        }
        return null;
    }

    public static boolean strong(String key) {
        return entropyBits(key) >= MIN_BITS;
    }

    /** Refuses a key below {@link #MIN_BITS}, naming where it was given and how to make a good one (never the key). */
    public static void requireStrong(String key, String where) {
        if (!strong(key)) {
            Alphabet a = alphabet(key);
            throw new IllegalArgumentException(where + ": the API key has about " + (int) entropyBits(key) + " bits of entropy,"
                    + " at least " + MIN_BITS + " are required (" + (key == null ? 0 : key.length()) + " characters of "
                    + (a == null ? "no usual alphabet" : a.name) + "; e.g. 32 hexadecimal digits"
                    + " from 'openssl rand -hex 16', or 22 base64 characters from 'openssl rand -base64 16')");
        }
    }
}
