package org.rdc.reports.verification;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rdc.reports.model.SignatureRole;

/** The report store's side of verification, in memory: what the tests issue. */
public final class InMemoryIssuedDocuments implements IssuedDocuments {

    private final Map<String, IssuedDocument> byCode = new LinkedHashMap<>();
    private final Map<String, byte[]> pdfs = new LinkedHashMap<>();

    public IssuedDocument issue(String code, String reportId, int version, int currentVersion, String facilityId, byte[] signedPdf) {
        IssuedDocument d = new IssuedDocument(code, reportId, version, currentVersion, SignatureRole.VERIFIER, version < currentVersion,
                sha256(signedPdf), facilityId);
        byCode.put(code, d);
        pdfs.put(d.sha256(), signedPdf.clone());
        return d;
    }

    @Override
    public Optional<IssuedDocument> byCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    @Override
    public Optional<IssuedDocument> byDigest(String sha256) {
        return byCode.values().stream().filter(d -> d.sha256().equals(sha256)).findFirst();
    }

    @Override
    public byte[] signedPdf(IssuedDocument document) {
        return pdfs.get(document.sha256()).clone();
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
