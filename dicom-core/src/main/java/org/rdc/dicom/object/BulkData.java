package org.rdc.dicom.object;

/**
 * A large value left where it was in the source instead of being loaded (PS3.18 calls the same idea
 * BulkDataURI): offset and length in the stream that was parsed, so the caller that stored the bytes
 * can find them again.
 */
public record BulkData(long offset, long length) {
}
