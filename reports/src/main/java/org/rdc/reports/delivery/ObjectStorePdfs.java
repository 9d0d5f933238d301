package org.rdc.reports.delivery;

import java.io.IOException;
import java.io.InputStream;
import org.rdc.storage.StorageException;
import org.rdc.storage.objectstore.ObjectInfo;
import org.rdc.storage.objectstore.ObjectStore;

/**
 * Signed PDFs where the report archive keeps them: objects of the one object store, under their
 * content-addressed keys. The size and SHA-256 the store recorded are checked while reading.
 */
public final class ObjectStorePdfs implements SignedPdfs {

    private final ObjectStore store;

    public ObjectStorePdfs(ObjectStore store) {
        this.store = store;
    }

    @Override
    public byte[] read(String key) throws IOException {
        try {
            ObjectInfo info = store.stat(key).orElseThrow(() -> new IOException("the report archive has no object " + key));
            try (InputStream in = store.get(key, info.size(), info.sha256Hex())) {
                return in.readAllBytes();
            }
        } catch (StorageException e) {
            throw new IOException("report archive: " + e.getMessage(), e);
        }
    }
}
