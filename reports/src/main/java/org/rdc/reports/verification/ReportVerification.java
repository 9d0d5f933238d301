package org.rdc.reports.verification;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.rdc.reports.signing.ReportVerifier;
import org.rdc.reports.signing.SignatureCheck;
import org.rdc.reports.signing.Verification;
import org.rdc.reports.verification.DocumentCheck.Outcome;

/**
 * Tells what a PDF is, from its signatures and the report store: the issued version it is
 * byte-identical to (current or older), or, for one that claims to be ours (by the verification code
 * it carries or a signed revision that was issued), whether it was changed or lost a signature.
 */
public final class ReportVerification {

    private final ReportVerifier verifier;
    private final IssuedDocuments issued;

    public ReportVerification(ReportVerifier verifier, IssuedDocuments issued) {
        this.verifier = verifier;
        this.issued = issued;
    }

    /** The check of an uploaded PDF. */
    public DocumentCheck check(byte[] pdf) {
        Verification verification = verifier.verify(pdf);
        if (!verification.readable()) {
            return new DocumentCheck(Outcome.NOT_A_PDF, verification, Optional.empty());
        }
        Optional<IssuedDocument> identical = issued.byDigest(verification.documentDigest());
        if (identical.isPresent() && verification.intact()) {
            return new DocumentCheck(identical.get().current() ? Outcome.CURRENT : Outcome.OLDER_VERSION, verification, identical);
        }
        Optional<IssuedDocument> claimed = PrintedCode.of(pdf).flatMap(issued::byCode).or(() -> bySignedRevision(verification));
        if (claimed.isEmpty()) {
            return new DocumentCheck(Outcome.NOT_OURS, verification, Optional.empty());
        }
        int issuedSignatures = verifier.verify(issued.signedPdf(claimed.get())).signatures().size();
        boolean removed = verification.signatures().size() < issuedSignatures;
        return new DocumentCheck(removed ? Outcome.SIGNATURE_REMOVED : Outcome.CHANGED, verification, claimed);
    }

    /**
     * What the public page for a printed code shows: the stored signed PDF's verification and whether
     * a later document replaced it. (The archive checks the stored bytes against their digest, so a
     * stored PDF whose signatures fail is CHANGED only if the signatures themselves were bad.)
     */
    public Optional<DocumentCheck> byCode(String code) {
        return issued.byCode(code).map(d -> {
            Verification v = verifier.verify(issued.signedPdf(d));
            Outcome outcome = !v.intact() ? Outcome.CHANGED : d.current() ? Outcome.CURRENT : Outcome.OLDER_VERSION;
            return new DocumentCheck(outcome, v, Optional.of(d));
        });
    }

    /** Content appended to an issued PDF leaves a signed revision that is the issued file itself. */
    private Optional<IssuedDocument> bySignedRevision(Verification verification) {
        List<SignatureCheck> latestFirst = new ArrayList<>(verification.signatures());
        Collections.reverse(latestFirst);
        for (SignatureCheck signature : latestFirst) {
            Optional<IssuedDocument> found = issued.byDigest(signature.revisionDigest());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }
}
