package io.certatlas.store.embedded;

import java.nio.file.Path;

/**
 * A process that starts the embedded server of the directory in its argument, says so on stdout
 * and waits to be killed: the owner that {@link OrphanedServerTest} kills with SIGKILL.
 */
public final class OrphanMaker {

    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres server = EmbeddedPostgres.start(Path.of(args[0]), EmbeddedPostgres.Settings.forTests());
        System.out.println("started " + server.port() + " owned " + server.owned());
        System.out.flush();
        Thread.sleep(120_000);
        server.close();
    }
}
