package io.certatlas.store.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flywaydb.core.api.MigrationVersion;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A backup file opened for a restore: a zip archive with {@code manifest.json}, one entry per
 * table ({@code tables/NAME.copy}, PostgreSQL's COPY text format) and the data directory's
 * secret files ({@code files/...}). {@link #open} and {@link #verify} read all of it and refuse,
 * with a {@link BackupFileException} saying which part, anything that is not exactly what the
 * manifest describes; only then does a restore touch its target.
 */
final class BackupArchive implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final ZipFile zip;
    private final BackupManifest manifest;

    private BackupArchive(Path file, ZipFile zip, BackupManifest manifest) {
        this.file = file;
        this.zip = zip;
        this.manifest = manifest;
    }

    /** Opens the archive and reads its manifest; refuses foreign, truncated and newer-format files. */
    static BackupArchive open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupFileException("no backup file " + file + (Files.exists(file) ? " (it is not a file)" : ""));
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new BackupFileException(file + " is not a CertAtlas backup, or it was cut short"
                    + " (not a complete zip archive: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new BackupFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            ZipEntry entry = zip.getEntry(BackupManifest.ENTRY_NAME);
            if (entry == null) {
                throw new BackupFileException(file + " is not a CertAtlas backup (no " + BackupManifest.ENTRY_NAME + " in it)");
            }
            byte[] bytes;
            try (InputStream in = new CheckedInputStream(zip.getInputStream(entry), new CRC32())) {
                bytes = in.readAllBytes();
                if (((CheckedInputStream) in).getChecksum().getValue() != entry.getCrc()) {
                    throw new BackupFileException(file + " is damaged: its manifest does not match its checksum");
                }
            }
            BackupManifest manifest;
            try {
                manifest = JSON.readValue(bytes, BackupManifest.class);
            } catch (JacksonException e) {
                throw new BackupFileException(file + " is not a CertAtlas backup, or it is damaged (unreadable manifest: "
                        + e.getOriginalMessage() + ")", e);
            }
            if (!BackupManifest.FORMAT.equals(manifest.format())) {
                throw new BackupFileException(file + " is not a CertAtlas backup (its manifest says format '"
                        + manifest.format() + "')");
            }
            if (manifest.formatVersion() > BackupManifest.FORMAT_VERSION) {
                throw new BackupFileException(file + " was written by a newer CertAtlas (backup format "
                        + manifest.formatVersion() + ", this one reads up to " + BackupManifest.FORMAT_VERSION
                        + "): restore it with that version or a later one");
            }
            if (manifest.schemaVersion() == null || manifest.schemaVersion().isBlank()) {
                throw new BackupFileException(file + " is damaged: its manifest names no schema version");
            }
            for (BackupManifest.FileEntry secret : manifest.files()) {
                if (!DataDirectorySecrets.allowed(secret.path())) {
                    throw new BackupFileException(file + " is not a CertAtlas backup: it carries a file '" + secret.path()
                            + "' that is not one of a data directory's keys");
                }
            }
            return new BackupArchive(file, zip, manifest);
        } catch (IOException e) {
            closeQuietly(zip);
            throw new BackupFileException(file + " is damaged: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    BackupManifest manifest() {
        return manifest;
    }

    MigrationVersion schemaVersion() {
        try {
            return MigrationVersion.fromVersion(manifest.schemaVersion());
        } catch (RuntimeException e) {
            throw new BackupFileException(file + " is damaged: its schema version '" + manifest.schemaVersion()
                    + "' is not a version", e);
        }
    }

    /** Reads every entry the manifest lists and checks its size and SHA-256. */
    void verify() {
        for (BackupManifest.TableEntry table : manifest.tables()) {
            check(table.entryName(), table.bytes(), table.sha256());
        }
        for (BackupManifest.FileEntry secret : manifest.files()) {
            check(secret.entryName(), secret.bytes(), secret.sha256());
        }
    }

    /** A table's rows as COPY text; call {@link #verify} first. */
    InputStream table(BackupManifest.TableEntry table) throws IOException {
        return zip.getInputStream(entry(table.entryName()));
    }

    byte[] secret(BackupManifest.FileEntry secret) throws IOException {
        try (InputStream in = zip.getInputStream(entry(secret.entryName()))) {
            return in.readAllBytes();
        }
    }

    private void check(String name, long bytes, String sha256) {
        ZipEntry entry = entry(name);
        MessageDigest digest = sha256();
        long count = 0;
        try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                count += n;
            }
        } catch (IOException e) {
            throw new BackupFileException(file + " is damaged: " + name + " cannot be read (" + e.getMessage() + ")", e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (count != bytes || !actual.equals(sha256)) {
            throw new BackupFileException(file + " is damaged: the data of " + name + " does not match its checksum"
                    + " (" + count + " bytes, SHA-256 " + actual + "; the manifest says " + bytes + " bytes, " + sha256
                    + "). Nothing was restored");
        }
    }

    private ZipEntry entry(String name) {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BackupFileException(file + " is damaged: " + name + ", listed in its manifest, is missing");
        }
        return entry;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Only read from: nothing to lose.
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }
}
