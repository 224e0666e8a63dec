package io.certatlas.store.access;

import java.util.Optional;

/** A request about users or tags that cannot be carried out as asked; the message says why and what to do. */
public final class AccessException extends RuntimeException {

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    private final Kind kind;
    private final Optional<String> field;

    public AccessException(Kind kind, String message) {
        this(kind, Optional.empty(), message);
    }

    /** An error about one field of the request (its name as the API spells it: "username", "scope"). */
    public AccessException(Kind kind, Optional<String> field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<String> field() {
        return field;
    }
}
