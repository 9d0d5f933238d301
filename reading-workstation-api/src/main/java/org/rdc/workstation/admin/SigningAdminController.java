package org.rdc.workstation.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.rdc.reports.signing.KeyStoreDirectory;
import org.rdc.reports.signing.SigningException;
import org.rdc.workstation.api.WorkstationException;
import org.rdc.workstation.security.UserStore;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Signing credentials for production, for administrators ({@code /api/admin/**}): a reader's PKCS#12
 * from a real CA imported into the key store, a CA certificate trusted for verification, a
 * credential withdrawn. Answers carry certificates only; a private key or a password never leaves
 * the request that brought it.
 */
@RestController
@RequestMapping("/api/admin/signing")
public class SigningAdminController {

    /** A certificate as an administrator checks it against what the CA sent. */
    public record CertificateView(String serial, String subject, String issuer, String notBefore, String notAfter, String keyAlgorithm,
                                  String sha256, boolean revoked) {
    }

    private static final int MAX_UPLOAD_BYTES = 1 << 20;

    private final KeyStoreDirectory keys;
    private final UserStore users;

    public SigningAdminController(KeyStoreDirectory keys, UserStore users) {
        this.keys = keys;
        this.users = users;
    }

    @GetMapping("/users/{username}/certificates")
    public List<CertificateView> certificates(@PathVariable String username) {
        return keys.certificates(existing(username)).stream().map(this::view).toList();
    }

    /** Multipart {@code file} (PKCS#12 with the key and its chain) and {@code password}; the chain's CA becomes trusted. */
    @PostMapping(path = "/users/{username}/credentials", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    public CertificateView importCredential(@PathVariable String username, @RequestParam("file") MultipartFile file,
                                            @RequestParam("password") String password) throws IOException {
        String user = existing(username);
        byte[] p12 = bounded(file.getSize(), file.getBytes());
        try {
            return view(keys.importPkcs12(user, p12, password.toCharArray()));
        } catch (SigningException e) {
            throw WorkstationException.invalidCode("invalid-pkcs12", e.getMessage());
        }
    }

    @GetMapping("/trusted-cas")
    public List<CertificateView> trustedCas() {
        return keys.trustAnchors().stream().map(this::view).toList();
    }

    /** A CA certificate, PEM or DER, trusted from now on when signatures are verified. */
    @PostMapping(path = "/trusted-cas", consumes = {"application/x-pem-file", "application/pkix-cert", "application/octet-stream"})
    @ResponseStatus(HttpStatus.CREATED)
    public CertificateView trust(@RequestBody byte[] certificate) {
        try {
            return view(keys.importCaCertificate(new ByteArrayInputStream(bounded(certificate.length, certificate))));
        } catch (SigningException e) {
            throw WorkstationException.invalidCode("not-a-certificate", "the body is not an X.509 certificate (PEM or DER)");
        }
    }

    /** Withdraws the credential whose certificate has this serial (hex): revoked if the alliance CA issued it, else removed. */
    @PostMapping("/users/{username}/certificates/{serial}/revoke")
    public CertificateView revoke(@PathVariable String username, @PathVariable String serial) {
        BigInteger number;
        try {
            number = new BigInteger(serial, 16);
        } catch (NumberFormatException e) {
            throw WorkstationException.invalid("not a hexadecimal serial number: " + serial);
        }
        X509Certificate cert = keys.certificates(existing(username)).stream().filter(c -> c.getSerialNumber().equals(number)).findFirst()
                .orElseThrow(() -> WorkstationException.notFound(username + " holds no credential with serial " + serial));
        keys.revoke(username, cert);
        return view(cert);
    }

    private String existing(String username) {
        if (users.find(username).isEmpty()) {
            throw WorkstationException.notFound("no user " + username);
        }
        return username;
    }

    private static byte[] bounded(long size, byte[] bytes) {
        if (size > MAX_UPLOAD_BYTES) {
            throw new WorkstationException(WorkstationException.Kind.CONTENT_TOO_LARGE, "upload-too-large",
                    "a credential or certificate is at most " + MAX_UPLOAD_BYTES + " bytes; this one is " + size);
        }
        if (bytes.length == 0) {
            throw WorkstationException.invalid("the upload is empty");
        }
        return bytes;
    }

    private CertificateView view(X509Certificate c) {
        try {
            return new CertificateView(c.getSerialNumber().toString(16), c.getSubjectX500Principal().getName(),
                    c.getIssuerX500Principal().getName(), c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(),
                    c.getPublicKey().getAlgorithm(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded())),
                    keys.revoked(c));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot encode certificate " + c.getSerialNumber(), e);
        }
    }
}
