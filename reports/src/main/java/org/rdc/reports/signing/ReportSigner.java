package org.rdc.reports.signing;

/**
 * Signs report PDFs. Each call appends the signer's signatures as an incremental update (ISO 32000-2
 * §7.5.6), so what was signed before stays byte-identical: the author signs the rendered PDF, the
 * verifier signs the author-signed one again.
 */
public interface ReportSigner {

    /**
     * Adds the PAdES signature (SubFilter ETSI.CAdES.detached, B-T level of ETSI EN 319 142-1) of
     * {@code signerUsername} and, when the signer holds an SM2 certificate, a second SM2-with-SM3
     * signature over the same document; each carries an RFC 3161 signature timestamp. Throws
     * {@link SigningException} with the reason when it cannot sign; nothing is returned then.
     */
    default byte[] sign(byte[] pdf, String signerUsername, SignerRole role) {
        return sign(pdf, signerUsername, role, null, null);
    }

    /**
     * As {@link #sign(byte[], String, SignerRole)}; the first signature fills the unsigned signature
     * field named {@code field} (when the PDF has one) and shows {@code appearance} there, so the
     * page prints who signed. Without such a field the signatures are invisible.
     *
     * @param field      the partial name of the reserved field, or null
     * @param appearance what the filled field shows, or null
     */
    byte[] sign(byte[] pdf, String signerUsername, SignerRole role, String field, SignatureAppearance appearance);
}
