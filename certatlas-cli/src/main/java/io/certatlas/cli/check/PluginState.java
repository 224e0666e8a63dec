package io.certatlas.cli.check;

/**
 * The four states of a Nagios plugin, in the order a monitor ranks them, with the exit code that
 * carries each (Nagios plugin guidelines; Icinga, Naemon and Sensu read them the same way).
 */
public enum PluginState {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    /** The check could not say: a wrong option, an unreachable server, a refused login or filter. */
    UNKNOWN(3);

    private final int exitCode;

    PluginState(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
