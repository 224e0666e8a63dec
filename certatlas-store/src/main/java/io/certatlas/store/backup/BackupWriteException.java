package io.certatlas.store.backup;

/** A backup could not be written (the file exists, its folder cannot be written, the store holds no schema). */
public final class BackupWriteException extends RuntimeException {
    public BackupWriteException(String message) {
        super(message);
    }

    public BackupWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
