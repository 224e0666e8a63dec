package io.certatlas.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets (keys, passwords, tokens, backups that hold them) live in files only their owner may
 * read. On a file system without POSIX modes (Windows) the directory's own rules apply.
 */
public final class OwnerOnlyFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private OwnerOnlyFile() {}

    /**
     * Creates {@code file}, mode 0600 from its first moment: nothing is ever readable by others, not
     * even an empty file. Fails if it exists, as {@link Files#createFile} does.
     */
    public static Path create(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
        try {
            return Files.createFile(file, mode);
        } catch (UnsupportedOperationException e) {
            return Files.createFile(file);
        }
    }

    /** Makes an existing {@code file} mode 0600. */
    public static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to set.
        }
    }
}
