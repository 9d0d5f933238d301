package org.rdc.storage.objectstore;

import org.rdc.storage.StorageException;
import org.rdc.storage.StorageException.Kind;

/**
 * The one check of an object key before it goes to any S3 store. A file-backed store (the embedded
 * S3Proxy, a MinIO on a disk) maps the key to a path, so only keys that are plainly relative paths
 * inside the bucket pass: segments of {@code [A-Za-z0-9._-]} separated by single slashes, none empty,
 * "." or "..", at most 1024 characters (the S3 limit). Our keys ({@code dicom/<uid>/<uid>/<uid>/<sha>.dcm},
 * {@code attachments/<uid>/<kind>/<sha>}) are built from validated UIDs and hex digests and always pass;
 * anything else is a defect upstream, refused here rather than sent.
 */
public final class ObjectKeys {

    static final int MAX_LENGTH = 1024;

    private ObjectKeys() {
    }

    public static String require(String key) {
        if (!isSafe(key)) {
            throw new StorageException(Kind.INVALID, "not a safe object key: '" + printable(key) + "'");
        }
        return key;
    }

    static boolean isSafe(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= key.length(); i++) {
            if (i == key.length() || key.charAt(i) == '/') {
                String segment = key.substring(start, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                start = i + 1;
            } else {
                char c = key.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Control characters escaped, so a hostile key cannot forge log lines. */
    private static String printable(String key) {
        if (key == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        key.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
