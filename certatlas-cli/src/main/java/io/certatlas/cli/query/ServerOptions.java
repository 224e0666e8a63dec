package io.certatlas.cli.query;

import io.certatlas.cli.remote.ServerLogin;
import io.certatlas.client.CertViewClient;
import io.certatlas.client.RetryPolicy;
import io.certatlas.client.tls.ServerTrust;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * Where the server is and how to reach it, shared by {@code query}, its subcommands and {@code check}. The
 * password is never an option (it would show in the process list and the shell history): it
 * comes from {@code CERTATLAS_PASSWORD} or is typed at the terminal.
 */
public final class ServerOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CERTATLAS_URL:-https://127.0.0.1:8443}",
            description = "The server: CertAtlas (https://host:8443, or http://127.0.0.1:8080 on this machine) or a Qualys"
                    + " gateway URL (default: $CERTATLAS_URL, else ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"-u", "--user"}, paramLabel = "NAME", defaultValue = "${env:CERTATLAS_USER}",
            description = "The account to log in as (default: $CERTATLAS_USER).")
    String user;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "Trust exactly the server certificate with this SHA-256 fingerprint (as 'certatlas serve' prints it).")
    Optional<String> fingerprint;

    @Option(names = "--ca-bundle", paramLabel = "PEM",
            description = "Trust the CA certificates in this PEM file instead of the JDK's.")
    Optional<Path> caBundle;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds a connection may take (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Seconds one answer (one page) may take (default: ${DEFAULT-VALUE}).")
    int readTimeout;

    /**
     * A client for these options.
     *
     * @throws IllegalArgumentException naming the option at fault
     */
    public CertViewClient client(Function<String, String> environment, Consumer<String> notices) {
        return client(environment, notices, RetryPolicy.DEFAULT);
    }

    /** As {@link #client(Function, Consumer)}, with its own patience for a busy or locked server. */
    public CertViewClient client(Function<String, String> environment, Consumer<String> notices, RetryPolicy retry) {
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("--user is needed (or set CERTATLAS_USER)");
        }
        if (fingerprint.isPresent() && caBundle.isPresent()) {
            throw new IllegalArgumentException("--fingerprint and --ca-bundle are two ways to trust a server; give one");
        }
        if (connectTimeout < 1 || readTimeout < 1) {
            throw new IllegalArgumentException("--connect-timeout and --read-timeout are whole seconds, 1 or more");
        }
        ServerTrust trust = fingerprint.map(f -> {
            try {
                return ServerTrust.pinned(f);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fingerprint: " + e.getMessage());
            }
        }).orElseGet(() -> caBundle.map(ServerTrust::caBundle).orElse(ServerTrust.systemCas()));
        CertViewClient.Builder builder;
        try {
            builder = CertViewClient.to(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("the server URL", "--url"));
        }
        char[] password = ServerLogin.password(Optional.ofNullable(environment.apply(ServerLogin.PASSWORD_VARIABLE)),
                Optional.ofNullable(System.console()), user, url).orElseThrow(() -> new IllegalArgumentException(
                "no password for --user " + user + ": set " + ServerLogin.PASSWORD_VARIABLE + " or run in a terminal to type it"));
        return builder.user(user, password).trust(trust).connectTimeout(Duration.ofSeconds(connectTimeout))
                .readTimeout(Duration.ofSeconds(readTimeout)).retry(retry).notices(notices).build();
    }
}
