package io.certatlas.cli.query;

import io.certatlas.client.error.AccessDenied;
import io.certatlas.client.error.CertViewException;
import io.certatlas.client.error.ConnectionFailed;
import io.certatlas.client.error.NotAuthenticated;
import io.certatlas.client.error.NotFound;
import io.certatlas.client.error.RequestRejected;
import io.certatlas.client.error.ResultWindowExceeded;
import io.certatlas.client.error.ServerUnavailable;
import io.certatlas.client.error.UnexpectedAnswer;

/**
 * The exit codes of {@code certatlas query}, one per reason a script may want to act on
 * (documented in docs/client.md and in {@code --help}). A list that matches nothing is a success.
 */
public final class ExitCode {

    public static final int OK = 0;
    /** A fault of this program; the message says what. */
    public static final int INTERNAL = 1;
    /** A wrong option or argument (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    public static final int CANNOT_CONNECT = 3;
    public static final int LOGIN_REFUSED = 4;
    public static final int ACCESS_DENIED = 5;
    public static final int REQUEST_REJECTED = 6;
    public static final int NOT_FOUND = 7;
    public static final int SERVER_UNAVAILABLE = 8;
    public static final int WINDOW_EXCEEDED = 9;
    public static final int OUTPUT_FAILED = 10;

    public static final String HELP = "Exit codes: 0 done (also when nothing matched), 2 wrong option, 3 cannot connect"
            + " (or TLS certificate not trusted, or timeout), 4 login refused, 5 access denied, 6 request rejected"
            + " (e.g. a bad filter), 7 not found, 8 server unavailable or unexpected answer (after retries),"
            + " 9 v1's 10,000-record window reached (output incomplete), 10 output could not be written.";

    private ExitCode() {}

    static int of(CertViewException e) {
        return switch (e) {
            case ConnectionFailed c -> CANNOT_CONNECT;
            case NotAuthenticated n -> LOGIN_REFUSED;
            case AccessDenied a -> ACCESS_DENIED;
            case RequestRejected r -> REQUEST_REJECTED;
            case NotFound n -> NOT_FOUND;
            case ServerUnavailable s -> SERVER_UNAVAILABLE;
            case UnexpectedAnswer u -> SERVER_UNAVAILABLE;
            case ResultWindowExceeded w -> WINDOW_EXCEEDED;
        };
    }
}
