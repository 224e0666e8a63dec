package io.certatlas.store.access;

/** A request about users or tags that cannot be carried out as asked; the message says why and what to do. */
public final class AccessException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;

    public AccessException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
