package org.rdc.reports.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing key store: a directory holding the alliance CA ({@code ca/}), each user's credentials
 * as PKCS#12 files encrypted with the key-store password ({@code users/<username>/<kind>-<serial>.p12}),
 * and the certificates of imported CAs ({@code trusted/*.pem}). Private keys are created here and
 * used here only; nothing returns them.
 */
public final class KeyStoreDirectory implements SigningCredentials {

    private static final Logger log = LoggerFactory.getLogger(KeyStoreDirectory.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

    private final Path dir;
    private final char[] password;
    private final Clock clock;
    private final AllianceCa ca;
    /**
     * The users' PKCS#12 files, each decrypted once: opening one costs the PBKDF2 iterations of its key
     * and certificate bags and its MAC (RFC 7292, RFC 8018 §5.2), about 95 % of a signature's time.
     * Revocation and validity are not cached: {@link #forSigning} checks them on every signature. The
     * keys stay inside the {@link StoredCredential}s, in this process's memory only.
     */
    private final ParsedFiles<StoredCredential> opened;

    private KeyStoreDirectory(Path dir, char[] password, Clock clock, AllianceCa ca) {
        this.dir = dir;
        this.password = password;
        this.clock = clock;
        this.ca = ca;
        this.opened = new ParsedFiles<>("the key store file", f -> new StoredCredential(Pkcs12.read(f, password)));
    }

    /**
     * Opens the key store in {@code dir}; the first time, the alliance CA creates itself there
     * (persisted: later starts use the same CA).
     */
    public static KeyStoreDirectory open(Path dir, char[] password, Clock clock, String allianceName) {
        if (password == null || password.length < 12) {
            throw new IllegalArgumentException("the signing key-store password must have at least 12 characters");
        }
        try {
            Files.createDirectories(dir.resolve("ca"));
            Files.createDirectories(dir.resolve("users"));
            Files.createDirectories(dir.resolve("trusted"));
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot create the key store at " + dir, e);
        }
        return new KeyStoreDirectory(dir, password.clone(), clock, AllianceCa.openOrCreate(dir.resolve("ca"), password, clock, allianceName));
    }

    /** Issues {@code username} a new credential of {@code kind} from the alliance CA; returns its certificate. */
    public X509Certificate issue(String username, String displayName, KeyKind kind, Duration validity) {
        Pkcs12 entry = ca.issue(checked(username), displayName, kind, validity);
        store(username, kind, entry);
        log.info("signing credential issued: user={} kind={} serial={}", username, kind, entry.certificate().getSerialNumber().toString(16));
        return entry.certificate();
    }

    /**
     * Imports a credential a real CA issued (PKCS#12 with the key and its chain), re-encrypted under the
     * key-store password; the issuing CA's certificate (the last in the chain) becomes trusted.
     */
    public X509Certificate importPkcs12(String username, byte[] p12, char[] p12Password) {
        Pkcs12 entry = Pkcs12.parse(p12, p12Password);
        KeyKind kind = switch (StoredCredential.algorithmOf(entry.certificate())) {
            case SHA256_WITH_RSA -> KeyKind.RSA;
            case SHA256_WITH_ECDSA -> KeyKind.EC;
            case SM3_WITH_SM2 -> KeyKind.SM2;
        };
        if (entry.chain().size() > 1) {
            trust(entry.chain().get(entry.chain().size() - 1));
        }
        store(checked(username), kind, entry);
        log.info("signing credential imported: user={} kind={} issuer={}", username, kind, entry.certificate().getIssuerX500Principal());
        return entry.certificate();
    }

    /** Trusts a real CA's certificate (PEM or DER) for verification. */
    public X509Certificate importCaCertificate(InputStream certificate) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509", Bc.PROVIDER).generateCertificate(certificate);
            trust(cert);
            return cert;
        } catch (GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "not an X.509 certificate", e);
        }
    }

    /**
     * Withdraws a credential: an alliance-issued one goes on the CA's revocation list (and stays there),
     * an imported one is removed from the key store (its CA revokes it on its own list).
     */
    public void revoke(String username, X509Certificate certificate) {
        for (Path file : files(checked(username))) {
            if (opened.get(file).certificate().equals(certificate)) {
                if (ca.issued(certificate)) {
                    ca.revoke(certificate);
                } else {
                    delete(file);
                }
                log.info("signing credential revoked: user={} serial={}", username, certificate.getSerialNumber().toString(16));
                return;
            }
        }
        throw new SigningException(SigningException.Reason.NO_CREDENTIAL, username + " holds no such credential");
    }

    /** The certificates (never the keys) of {@code username}'s credentials, usable or not. */
    public List<X509Certificate> certificates(String username) {
        return files(checked(username)).stream().map(f -> opened.get(f).certificate()).toList();
    }

    @Override
    public List<SigningCredential> forSigning(String username) {
        List<Path> files = files(checked(username));
        if (files.isEmpty()) {
            throw new SigningException(SigningException.Reason.NO_CREDENTIAL, username + " has no signing credential");
        }
        Date now = Date.from(clock.instant());
        SigningCredential pades = null;
        SigningCredential sm2 = null;
        SigningException refusal = null;
        // Newest file first, so a re-issued credential replaces the one before it.
        List<Path> newestFirst = new ArrayList<>(files);
        java.util.Collections.reverse(newestFirst);
        for (Path file : newestFirst) {
            StoredCredential credential = opened.get(file);
            X509Certificate cert = credential.certificate();
            try {
                cert.checkValidity(now);
            } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                refusal = new SigningException(e instanceof CertificateExpiredException ? SigningException.Reason.CERTIFICATE_EXPIRED
                        : SigningException.Reason.CERTIFICATE_NOT_YET_VALID,
                        username + "'s certificate " + cert.getSerialNumber().toString(16) + " is valid only from "
                                + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant());
                continue;
            }
            if (ca.revoked(cert)) {
                refusal = new SigningException(SigningException.Reason.CERTIFICATE_REVOKED,
                        username + "'s certificate " + cert.getSerialNumber().toString(16) + " is revoked");
                continue;
            }
            if (credential.algorithm().isSm2()) {
                sm2 = sm2 == null ? credential : sm2;
            } else {
                pades = pades == null ? credential : pades;
            }
        }
        if (pades == null) {
            // The PAdES signature is the one every reader checks: without it there is no report signature.
            throw refusal != null ? refusal
                    : new SigningException(SigningException.Reason.NO_CREDENTIAL, username + " has no RSA or ECDSA signing credential");
        }
        return sm2 == null ? List.of(pades) : List.of(pades, sm2);
    }

    /** The CA certificates signatures are checked against: the alliance's and the imported ones. */
    public List<X509Certificate> trustAnchors() {
        List<X509Certificate> anchors = new ArrayList<>(ca.roots());
        try (Stream<Path> pems = Files.list(dir.resolve("trusted"))) {
            for (Path pem : pems.filter(p -> p.toString().endsWith(".pem")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(pem)) {
                    anchors.add((X509Certificate) CertificateFactory.getInstance("X.509", Bc.PROVIDER).generateCertificate(in));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot read the trusted CA certificates", e);
        }
        return anchors;
    }

    /** Whether the alliance CA revoked {@code cert}. */
    public boolean revoked(X509Certificate cert) {
        return ca.revoked(cert);
    }

    /** The embedded timestamp authority, signing with the TSA credential the alliance CA issued. */
    public EmbeddedTimestampAuthority timestampAuthority() {
        return new EmbeddedTimestampAuthority(ca.tsa(), clock);
    }

    /** Where the CA certificates (PEM) and revocation lists are published for relying parties. */
    public Path caDirectory() {
        return dir.resolve("ca");
    }

    private void store(String username, KeyKind kind, Pkcs12 entry) {
        // The time prefix orders a user's files oldest first.
        String name = String.format("%013d-%s-%s.p12", clock.millis(), kind.name().toLowerCase(), entry.certificate().getSerialNumber().toString(16));
        entry.write(dir.resolve("users").resolve(username).resolve(name), password);
    }

    private void trust(X509Certificate cert) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            Path file = dir.resolve("trusted").resolve(HexFormat.of().formatHex(digest, 0, 16) + ".pem");
            String pem = "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Files.writeString(file, pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot store the CA certificate", e);
        }
    }

    private List<Path> files(String username) {
        Path userDir = dir.resolve("users").resolve(username);
        if (!Files.isDirectory(userDir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(userDir)) {
            List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".p12")).sorted().toList();
            opened.retainOnly(userDir, files);
            return files;
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot list the credentials of " + username, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot remove " + file.getFileName(), e);
        }
    }

    private static String checked(String username) {
        if (username == null || !USERNAME.matcher(username).matches() || username.startsWith(".")) {
            throw new IllegalArgumentException("not a user name the key store accepts: " + username);
        }
        return username;
    }

    @Override
    public String toString() {
        return "KeyStoreDirectory[" + dir + "]";
    }
}
