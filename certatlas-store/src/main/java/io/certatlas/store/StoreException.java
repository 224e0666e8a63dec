package io.certatlas.store;

/** The database refused a write for a reason that is not the caller's input; nothing was half-written. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
