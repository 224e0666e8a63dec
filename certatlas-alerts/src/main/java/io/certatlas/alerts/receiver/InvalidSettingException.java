package io.certatlas.alerts.receiver;

/** A receiver or rule setting that does not fit: names the field and what to write instead. */
public final class InvalidSettingException extends RuntimeException {

    private final String field;

    public InvalidSettingException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
