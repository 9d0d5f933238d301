package org.rdc.reports.delivery;

import java.io.IOException;
import org.rdc.reports.archive.ReportArchive;
import org.rdc.storage.StorageException;

/**
 * Signed PDFs read through the report archive, the one read path of archived reports: the entry the
 * archive recorded for the key, its bytes checked against the recorded size and SHA-256 as they stream.
 */
public final class ArchivedPdfs implements SignedPdfs {

    private final ReportArchive archive;

    public ArchivedPdfs(ReportArchive archive) {
        this.archive = archive;
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            return archive.read(archive.findByKey(key).orElseThrow(() -> new IOException("the report archive has no entry " + key)));
        } catch (StorageException e) {
            throw new IOException("report archive: " + e.getMessage(), e);
        }
    }
}
