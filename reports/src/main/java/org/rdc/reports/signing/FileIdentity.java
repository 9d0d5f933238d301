package org.rdc.reports.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/**
 * Which file a path names right now: its file key (the inode on POSIX), modification time and size.
 * The key store writes every file by an atomic move of a new one, so a changed file always has a new
 * identity; a value parsed from a file is reused only while the file keeps the identity it was read
 * with. Empty when the file does not exist.
 */
record FileIdentity(Object fileKey, FileTime modified, long size) {

    static Optional<FileIdentity> of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(new FileIdentity(a.fileKey(), a.lastModifiedTime(), a.size()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SigningException(SigningException.Reason.KEY_STORE, "cannot read the attributes of " + file.getFileName(), e);
        }
    }
}
