package io.certatlas.cli;

import io.certatlas.cli.remote.AgentSession;
import io.certatlas.cli.remote.ObservationUpload;
import io.certatlas.cli.remote.RemoteServer;
import io.certatlas.cli.remote.ScannerAgent;
import io.certatlas.store.jobs.AgentTokens;
import io.certatlas.store.jobs.Zone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code certatlas scanner --server URL --token-file FILE}: a remote scanner agent that runs the
 * scan jobs of its network zone for a server it reaches over HTTPS, with an agent token of its
 * own; it never needs database credentials.
 */
@Command(name = "scanner", mixinStandardHelpOptions = true,
        description = {"Run as a remote scanner agent that takes its zone's scan jobs from a CertAtlas server.",
                "It scans each job here, posts what is found to the server and reports the",
                "job's progress and end. Runs until stopped:",
                "SIGTERM or Ctrl-C hands running jobs back to the queue. The agent token",
                "('certatlas agent create' or POST /api/v1/agent-tokens) names the zone;",
                "it is read from a file only its owner may read.",
                "Example: certatlas scanner --server https://atlas.example:8443 \\",
                "           --token-file /etc/certatlas/agent-token --zone dmz",
                "Exit code: 0 when stopped, 2 on bad arguments, 3 when the server refuses",
                "the agent (token revoked or unknown, a token of another zone, an",
                "untrusted server certificate)."})
public final class ScannerCommand implements Callable<Integer> {

    @Option(names = "--server", paramLabel = "URL", required = true,
            description = "The CertAtlas server, e.g. https://host:8443 (plain http:// to a loopback address only).")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", required = true,
            description = "File holding the agent token; readable by its owner only (chmod 600).")
    Path tokenFile;

    @Option(names = "--server-fingerprint", paramLabel = "SHA256",
            description = "Trust the server's certificate with this SHA-256 fingerprint (as 'serve' prints it) instead of the JDK's CAs.")
    Optional<String> serverFingerprint;

    @Option(names = "--zone", paramLabel = "NAME",
            description = "The zone this agent is placed in; the server refuses to start it when the token is of another zone.")
    Optional<String> zone;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "1",
            description = "Scan jobs run at once (default: ${DEFAULT-VALUE}); each job's own settings bound its connections.")
    int concurrency;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ObservationUpload.DEFAULT_BATCH_SIZE,
            description = "Endpoints per request to the server (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws InterruptedException {
        ScannerAgent agent;
        try {
            zone.ifPresent(name -> {
                try {
                    new Zone(name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--zone: " + e.getMessage());
                }
            });
            RemoteServer remote = RemoteServer.at(server, serverFingerprint);
            agent = new ScannerAgent(new AgentSession(remote, readToken(tokenFile), zone), concurrency, batchSize, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("certatlas scanner: " + e.getMessage());
            return 2;
        }
        ScannerAgent running = agent;
        Thread hook = Thread.ofPlatform().unstarted(running::stop);
        Runtime.getRuntime().addShutdownHook(hook);
        int exit = running.run();
        if (exit != 0) {
            System.err.println("certatlas scanner: the server refused this agent; see the line above. Ask a manager for a token"
                    + " in force for this agent's zone ('certatlas agent list' shows them).");
        }
        return exit;
    }

    /** The token, from a file nobody but its owner may read: a token in an option would show in the process list. */
    static String readToken(Path file) {
        String token;
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> others = EnumSet.copyOf(posix.readAttributes().permissions());
                others.retainAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE));
                if (!others.isEmpty()) {
                    throw new IllegalArgumentException("--token-file " + file + " may be read or written by others than its owner;"
                            + " run: chmod 600 " + file);
                }
            }
            token = Files.readString(file).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        if (!AgentTokens.looksLikeAgentToken(token)) {
            throw new IllegalArgumentException("--token-file " + file + " does not hold an agent token (it starts with "
                    + AgentTokens.PREFIX + "); make one with 'certatlas agent create NAME --zone ZONE --token-file FILE'");
        }
        return token;
    }
}
