package io.certatlas.store.backup;

import io.certatlas.store.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The owner-only files of a data directory that the database's rows need to be usable: the key
 * that seals alert receivers' secrets (without it they cannot be opened), the token signing key
 * (tokens already handed out stay valid), the metrics token (Prometheus keeps scraping), the first
 * manager's password and the HTTPS identity in {@code tls/} (clients that pinned its fingerprint
 * keep trusting it). The server writes them (certatlas-server); their names are repeated here
 * because the store may not depend on it. A backup that holds them is as secret as the data
 * directory itself.
 */
final class DataDirectorySecrets {

    private static final Set<String> TOP_LEVEL = Set.of("alert-secrets.key", "jwt-signing-key", "metrics.token",
            "initial-admin-password");
    private static final String TLS = "tls";
    // Only plain file names below tls/: a path from a backup file never leaves the data directory.
    private static final Pattern TLS_FILE = Pattern.compile("tls/[A-Za-z0-9][A-Za-z0-9._-]*");

    private DataDirectorySecrets() {}

    /** Whether a path read from a backup names one of these files. */
    static boolean allowed(String relative) {
        return TOP_LEVEL.contains(relative) || (TLS_FILE.matcher(relative).matches() && !relative.endsWith(".tmp"));
    }

    /** The files of this kind present in {@code directory}, as paths relative to it, sorted. */
    static List<String> present(Path directory) {
        List<String> found = new ArrayList<>();
        for (String name : TOP_LEVEL) {
            if (Files.isRegularFile(directory.resolve(name))) {
                found.add(name);
            }
        }
        Path tls = directory.resolve(TLS);
        if (Files.isDirectory(tls)) {
            try (Stream<Path> files = Files.list(tls)) {
                files.filter(Files::isRegularFile)
                        .map(f -> TLS + "/" + f.getFileName())
                        .filter(DataDirectorySecrets::allowed)
                        .forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + tls + ": " + e.getMessage(), e);
            }
        }
        return found.stream().sorted().toList();
    }

    /** Writes one file, owner-only, through a temporary file and a rename (never half a key). */
    static void write(Path directory, String relative, byte[] content) {
        if (!allowed(relative)) {
            throw new IllegalArgumentException("not a data directory secret: " + relative);
        }
        Path target = directory.resolve(relative);
        Path temporary = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            Files.createDirectories(target.getParent());
            Files.deleteIfExists(temporary);
            OwnerOnlyFile.create(temporary);
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
