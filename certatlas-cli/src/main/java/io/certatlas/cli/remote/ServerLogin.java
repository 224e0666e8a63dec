package io.certatlas.cli.remote;

import java.io.Console;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote scanner's session: logs in with {@code POST /auth} and logs in again when the
 * server refuses an expired token (tokens last 4 hours; a long scan outlives one). The password
 * comes from {@code CERTATLAS_PASSWORD} or is typed at the console; never from an option, which
 * would show in the process list and the shell history.
 */
public final class ServerLogin implements ObservationUpload.TokenSource {

    public static final String PASSWORD_VARIABLE = "CERTATLAS_PASSWORD";

    private final RemoteServer server;
    private final String username;
    private final char[] password;
    private String token;

    private ServerLogin(RemoteServer server, String username, char[] password, String token) {
        this.server = server;
        this.username = username;
        this.password = password;
        this.token = token;
    }

    /** Logs in now, so that a wrong password or an unreachable server stops the command before it scans. */
    public static ServerLogin open(RemoteServer server, String username, char[] password)
            throws IOException, InterruptedException, ServerRefused {
        Objects.requireNonNull(server, "server");
        if (username.isBlank()) {
            throw new IllegalArgumentException("--user must name a manager of the server");
        }
        return new ServerLogin(server, username, password, server.login(username, password));
    }

    /** The password from the environment, else typed at the console; empty when neither can give one. */
    public static Optional<char[]> password(Optional<String> fromEnvironment, Optional<Console> console, String username, String url) {
        if (fromEnvironment.isPresent() && !fromEnvironment.get().isEmpty()) {
            return Optional.of(fromEnvironment.get().toCharArray());
        }
        return console.filter(ServerLogin::terminal).map(c -> c.readPassword("Password of %s at %s: ", username, url))
                .filter(p -> p.length > 0);
    }

    /**
     * Whether the console is a real terminal. From JDK 22 {@code System.console()} exists even
     * when the streams are redirected (a pipe, a CI job), where asking would read the password from
     * the input stream; {@code Console.isTerminal()} tells, but is newer than the Java 21 this
     * build targets, hence the reflective call. On JDK 21 a console exists only for a terminal.
     */
    private static boolean terminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * The account's role on the server ({@code user}, {@code manager}), from {@code GET /api/v1/me}:
     * asked before a scan, so that an account the server will not take results from costs no scan.
     */
    public String role() throws IOException, InterruptedException, ServerRefused {
        return server.get("/api/v1/me", token(false)).path("role").asString("");
    }

    @Override
    public synchronized String token(boolean renew) throws IOException, InterruptedException, ServerRefused {
        if (renew) {
            token = server.login(username, password);
        }
        return token;
    }
}
