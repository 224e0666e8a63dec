package io.certatlas.store.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who uses the embedded server of a data directory: every process that started, adopted or
 * joined it holds a shared lock on {@code <data-dir>/postgres.users} until it is done with it.
 * Stopping the server is for the last of them: whoever would stop it first takes that lock
 * exclusively, which it gets only when no other live process holds it. So a {@code serve}
 * stopping while an {@code import} (or a new {@code serve}) uses its PostgreSQL leaves it running
 * for them, and they stop it when they end. The kernel drops the lock of a process that ends, as
 * for {@link ServerOwner}.
 *
 * <p>The locks are POSIX record locks, which belong to the process, and closing any channel of a
 * file drops all of them: so one JVM holds one shared lock per directory, counted across its
 * {@link EmbeddedPostgres} instances, and opens the file for the exclusive test only once it has
 * let its own shared lock go. Every method runs with the directory's {@code postgres.lock} held
 * and {@code EmbeddedPostgres.IN_JVM} locked.
 */
final class ServerUsers {

    static final String FILE = "postgres.users";

    private static final Map<Path, Held> THIS_JVM = new HashMap<>();

    private record Held(FileLock lock, int instances) {
    }

    private ServerUsers() {
    }

    /** Counts one more user of the server of {@code directory} in this JVM. */
    static void join(Path directory) {
        Held held = THIS_JVM.get(directory);
        if (held != null) {
            THIS_JVM.put(directory, new Held(held.lock(), held.instances() + 1));
            return;
        }
        FileChannel channel = null;
        try {
            channel = open(directory);
            THIS_JVM.put(directory, new Held(channel.lock(0, Long.MAX_VALUE, true), 1));
        } catch (IOException e) {
            ServerOwner.closeQuietly(channel);
            throw new EmbeddedPostgresException("could not lock " + directory.resolve(FILE) + ": " + e.getMessage()
                    + " (check that the data directory is on a local, writable file system)", e);
        }
    }

    /** Counts one user less; true when this JVM uses the server no more (its shared lock is gone). */
    static boolean leave(Path directory) {
        Held held = THIS_JVM.get(directory);
        if (held == null) {
            return true;
        }
        if (held.instances() > 1) {
            THIS_JVM.put(directory, new Held(held.lock(), held.instances() - 1));
            return false;
        }
        THIS_JVM.remove(directory);
        ServerOwner.closeQuietly(held.lock().channel());
        return true;
    }

    /**
     * The exclusive lock, when no other process uses the server (to be closed once it is
     * stopped); empty when one does. Only for a JVM that uses it no more itself.
     */
    static Optional<FileChannel> alone(Path directory) {
        FileChannel channel = null;
        try {
            channel = open(directory);
            if (channel.tryLock() != null) {
                return Optional.of(channel);
            }
            channel.close();
            return Optional.empty();
        } catch (IOException e) {
            ServerOwner.closeQuietly(channel);
            // Unknown: keep the server running rather than stop it under someone.
            return Optional.empty();
        }
    }

    private static FileChannel open(Path directory) throws IOException {
        return FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }
}
