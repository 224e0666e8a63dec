package io.certatlas.store;

/** The database cannot be reached or migrated; the message names the cause and what to check. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
