package org.rdc.storage.catalog;

/** The bytes of one instance version: where they are and how to check them. */
public record StoredObject(String objectKey, long size, String sha256, Location location) {
}
