package org.rdc.reports.lifecycle;

import java.io.InputStream;

/** Reads an archived document back by its key, checked against its SHA-256 as it is read. */
@FunctionalInterface
public interface ArchiveReader {

    InputStream open(String key, String sha256);
}
