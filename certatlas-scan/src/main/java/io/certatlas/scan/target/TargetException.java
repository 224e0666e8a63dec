package io.certatlas.scan.target;

/** A target, port list, exclusion or targets file the operator wrote cannot be used; the message says what to change. */
public final class TargetException extends IllegalArgumentException {
    public TargetException(String message) {
        super(message);
    }
}
