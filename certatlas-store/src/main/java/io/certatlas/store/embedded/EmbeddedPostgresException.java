package io.certatlas.store.embedded;

/** The embedded PostgreSQL could not be started or joined; the message says what to change. */
public final class EmbeddedPostgresException extends RuntimeException {
    public EmbeddedPostgresException(String message) {
        super(message);
    }

    public EmbeddedPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
