package io.certatlas.store.backup;

/**
 * The target of a restore is not an empty store (it holds rows, or tables that are not
 * CertAtlas's, or a newer schema than the backup's). Nothing was written: a restore never mixes
 * its rows with others.
 */
public final class RestoreRefusedException extends RuntimeException {
    public RestoreRefusedException(String message) {
        super(message);
    }
}
