package io.certatlas.qql;

/**
 * The object a token describes. A certificate has assets through the host instances that
 * currently serve it; an instance has vulnerabilities (active findings).
 */
public enum Level {
    CERTIFICATE("certificate"),
    ASSET("asset"),
    INSTANCE("instance"),
    VULNERABILITY("vulnerability");

    private final String prefix;

    Level(String prefix) {
        this.prefix = prefix;
    }

    /** The name used as token prefix ({@code asset.name}) and as group name ({@code asset:(...)}). */
    public String prefix() {
        return prefix;
    }

    /** Whether a condition on {@code inner} may appear inside a group of this level. */
    public boolean mayContain(Level inner) {
        return switch (this) {
            case CERTIFICATE -> true;
            case ASSET -> inner == ASSET;
            case INSTANCE -> inner == INSTANCE || inner == VULNERABILITY;
            case VULNERABILITY -> inner == VULNERABILITY;
        };
    }
}
