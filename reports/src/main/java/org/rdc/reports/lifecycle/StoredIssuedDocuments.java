package org.rdc.reports.lifecycle;

import java.util.Map;
import java.util.Optional;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.reports.model.ArchivedDocument;
import org.rdc.reports.verification.IssuedDocument;
import org.rdc.reports.verification.IssuedDocuments;

/**
 * Verification's view of the report store: which issued document a printed code or a PDF's
 * digest is, and whether a later document replaced it. The signed PDF is read through the archive,
 * checked against its recorded digest.
 */
public final class StoredIssuedDocuments implements IssuedDocuments {

    private final ReportStore store;
    private final ReportArchive archive;

    public StoredIssuedDocuments(ReportStore store, ReportArchive archive) {
        this.store = store;
        this.archive = archive;
    }

    @Override
    public Optional<IssuedDocument> byCode(String code) {
        return store.documentByCode(code).flatMap(this::issued);
    }

    @Override
    public Optional<IssuedDocument> byDigest(String sha256) {
        return store.documentByPdf(sha256).flatMap(this::issued);
    }

    @Override
    public byte[] signedPdf(IssuedDocument document) {
        return archive.read(archive.find(document.sha256(), ReportArchive.PDF).orElseThrow(() -> new IllegalStateException(
                "issued PDF " + document.sha256() + " is not in the archive")));
    }

    private Optional<IssuedDocument> issued(Map.Entry<Long, ArchivedDocument> e) {
        ArchivedDocument d = e.getValue();
        return store.find(e.getKey()).map(report -> {
            int current = report.currentVersion() == null ? 0 : report.currentVersion();
            boolean superseded = current > d.version() || store.documents(report.id()).stream()
                    .anyMatch(o -> o.version() == d.version() && o.role().ordinal() > d.role().ordinal());
            return new IssuedDocument(d.verificationCode(), String.valueOf(report.id()), d.version(), current, d.role(), superseded,
                    d.pdfSha256(), report.facilityId());
        });
    }
}
