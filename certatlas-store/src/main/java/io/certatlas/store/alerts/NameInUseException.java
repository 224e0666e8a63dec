package io.certatlas.store.alerts;

/** A schedule, rule or receiver name is already taken (names are unique ignoring case). */
public final class NameInUseException extends RuntimeException {

    private final String name;

    public NameInUseException(String kind, String name) {
        super("a " + kind + " named '" + name + "' already exists; pick another name or change that one");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
