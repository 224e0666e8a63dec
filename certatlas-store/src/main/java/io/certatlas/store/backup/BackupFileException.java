package io.certatlas.store.backup;

/**
 * A backup file that cannot be restored: not a CertAtlas backup, cut short, altered since it was
 * written, or made by a newer CertAtlas. Raised before anything is written to the target.
 */
public final class BackupFileException extends RuntimeException {
    public BackupFileException(String message) {
        super(message);
    }

    public BackupFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
