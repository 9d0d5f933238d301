package org.rdc.storage.objectstore;

/** What the object store reports about one object; {@code sha256Hex} is null for objects we did not write. */
public record ObjectInfo(String key, long size, String etag, String sha256Hex) {

    /** S3 gives multipart objects an ETag of the form {@code "<md5-of-md5s>-<parts>"}. */
    public boolean multipart() {
        return etag != null && etag.replace("\"", "").contains("-");
    }
}
