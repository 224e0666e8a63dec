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
 * Who owns the embedded server of a data directory: the process holding the exclusive lock on
 * {@code <data-dir>/postgres.owner}, taken when it starts (or adopts) the server and held until it
 * stops it. The kernel drops the lock of a process that ends however it ends, {@code kill -9}
 * included, so a running server whose lock anyone can take has no live owner: it is an orphan,
 * and the process that finds it takes it over. Nothing is written to prove an owner alive.
 *
 * <p>A lock belongs to the process, not to a thread, so one JVM keeps one per directory
 * (several {@link EmbeddedPostgres} of one JVM share it; the one that started the server holds
 * it). Every method runs with the directory's {@code postgres.lock} held and
 * {@code EmbeddedPostgres.IN_JVM} locked.
 */
final class ServerOwner {

    static final String FILE = "postgres.owner";

    private static final Map<Path, FileLock> THIS_JVM = new HashMap<>();

    private ServerOwner() {
    }

    /** Whether this JVM owns the server of {@code directory}. */
    static boolean inThisJvm(Path directory) {
        return THIS_JVM.containsKey(directory);
    }

    /**
     * Takes ownership of the server of {@code directory} when no live process holds it: true when
     * this JVM now owns it (held until {@link #release}), false when another process does.
     */
    static boolean take(Path directory) {
        if (inThisJvm(directory)) {
            return false;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Optional<FileLock> lock = Optional.ofNullable(channel.tryLock());
            if (lock.isEmpty()) {
                channel.close();
                return false;
            }
            THIS_JVM.put(directory, lock.get());
            return true;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedPostgresException("could not lock " + directory.resolve(FILE) + ": " + e.getMessage()
                    + " (check that the data directory is on a local, writable file system)", e);
        }
    }

    /** Lets go of this JVM's ownership of the server of {@code directory} (after stopping it). */
    static void release(Path directory) {
        FileLock lock = THIS_JVM.remove(directory);
        if (lock != null) {
            closeQuietly(lock.channel());
        }
    }

    static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing drops the lock, which is all that is wanted here.
        }
    }
}
