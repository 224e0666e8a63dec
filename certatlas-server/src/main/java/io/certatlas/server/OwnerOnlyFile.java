package io.certatlas.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Secrets in the data directory (keys, the first password) are readable by their owner only. */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {}

    /** Makes {@code file} mode 0600; on a file system without POSIX modes the directory's own rules apply. */
    public static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): nothing to set.
        }
    }
}
