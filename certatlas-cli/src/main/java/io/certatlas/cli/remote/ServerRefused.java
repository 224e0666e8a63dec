package io.certatlas.cli.remote;

import java.util.Optional;

/**
 * The server answered with an error: its status and the message of its JSON error body (with the
 * field at fault, when it names one), shown to the user as the server wrote it.
 */
public final class ServerRefused extends Exception {

    private final int status;

    public ServerRefused(int status, String message, Optional<String> field) {
        super("the server answered " + status + ": " + message + field.map(f -> " (field " + f + ")").orElse(""));
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Worth another try: the server or something before it is overloaded or briefly down. */
    public boolean transientFailure() {
        return status == 429 || status == 502 || status == 503 || status == 504 || status == 500;
    }
}
