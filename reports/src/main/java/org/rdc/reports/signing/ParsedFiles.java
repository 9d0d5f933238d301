package org.rdc.reports.signing;

import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values parsed from the files of the key-store directory, each parsed once and reused only while its
 * file is the same file ({@link FileIdentity}). Every write there is an atomic move of a new file, so
 * a file issued, imported, revoked or removed, by this process or another one using the directory,
 * counts from the next read on.
 */
final class ParsedFiles<T> {

    private record Parsed<T>(FileIdentity identity, T value) {
    }

    private final String what;
    private final Function<Path, T> parse;
    private final ConcurrentHashMap<Path, Parsed<T>> parsed = new ConcurrentHashMap<>();

    /** @param what the kind of file, for the error when one is missing ("the revocation list") */
    ParsedFiles(String what, Function<Path, T> parse) {
        this.what = what;
        this.parse = parse;
    }

    /** The value of {@code file}, parsed now or earlier from the same file. */
    T get(Path file) {
        FileIdentity identity = FileIdentity.of(file).orElseThrow(() -> new SigningException(SigningException.Reason.KEY_STORE,
                what + " " + file.getFileName() + " is missing"));
        Parsed<T> known = parsed.get(file);
        if (known != null && known.identity().equals(identity)) {
            return known.value();
        }
        // Parsed after the identity was read: if the file is replaced in between, the entry is stale and parsed again next time.
        T value = parse.apply(file);
        parsed.put(file, new Parsed<>(identity, value));
        return value;
    }

    /** Forgets the files of {@code dir} that are no longer among {@code present} (a removed credential). */
    void retainOnly(Path dir, Collection<Path> present) {
        parsed.keySet().removeIf(p -> p.getParent().equals(dir) && !present.contains(p));
    }
}
