package org.rdc.reports.signing;

import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users' PKCS#12 files of the key-store directory, each decrypted once: opening one costs the
 * PBKDF2 iterations of its key and certificate bags and its MAC (RFC 7292, RFC 8018 §5.2), which was
 * about 95 % of the time of a signature. An opened credential is reused only while its file is the
 * same file ({@link FileIdentity}), so a credential issued, imported or removed, by this process or
 * another one using the same directory, counts from the next signature on. Revocation and validity
 * are not cached here: {@link KeyStoreDirectory#forSigning} checks them on every signature. The keys
 * stay inside the {@link StoredCredential}s, in this process's memory only, as they did while signing.
 */
final class OpenedCredentials {

    private record Opened(FileIdentity identity, StoredCredential credential) {
    }

    private final char[] password;
    private final ConcurrentHashMap<Path, Opened> opened = new ConcurrentHashMap<>();

    OpenedCredentials(char[] password) {
        this.password = password;
    }

    /** The credential in {@code file}, decrypted now or earlier from the same file. */
    StoredCredential open(Path file) {
        FileIdentity identity = FileIdentity.of(file).orElseThrow(() -> new SigningException(SigningException.Reason.KEY_STORE,
                "the key store file " + file.getFileName() + " is gone"));
        Opened known = opened.get(file);
        if (known != null && known.identity().equals(identity)) {
            return known.credential();
        }
        // Read after the identity: if the file is replaced in between, the entry is stale and read again next time.
        StoredCredential credential = new StoredCredential(Pkcs12.read(file, password));
        opened.put(file, new Opened(identity, credential));
        return credential;
    }

    /** Forgets the opened files of {@code userDir} that are no longer among {@code present} (a removed credential). */
    void retainOnly(Path userDir, Collection<Path> present) {
        opened.keySet().removeIf(p -> p.getParent().equals(userDir) && !present.contains(p));
    }
}
