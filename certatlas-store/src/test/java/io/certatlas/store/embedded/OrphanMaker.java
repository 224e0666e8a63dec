package io.certatlas.store.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A process that starts (or joins) the embedded server of the directory in its argument, says so
 * on stdout, and closes it when a line arrives on stdin (saying "closed" then), or is killed: the
 * other process of {@link OrphanedServerTest} and {@link LastUserStopsTest}. It gives up after two
 * minutes whatever happens, so that a failed test leaves no process behind.
 */
public final class OrphanMaker {

    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.start(Path.of(args[0]), EmbeddedPostgres.Settings.forTests());
        System.out.println("started " + server.port() + " owned " + server.owned());
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(3);
        });
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        server.close();
        System.out.println("closed");
        System.out.flush();
    }
}
