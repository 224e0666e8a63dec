package io.certatlas.store.backup;

import io.certatlas.store.OwnerOnlyFile;
import io.certatlas.store.StoreException;
import io.certatlas.store.StoreLocation;
import io.certatlas.store.embedded.EmbeddedPostgres;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a logical backup of a store with PostgreSQL's own COPY, no {@code pg_dump} needed (the
 * embedded binaries have none, and an older one refuses a newer server): every table of the
 * schema, read in one REPEATABLE READ, READ ONLY transaction, so the file is one consistent
 * snapshot even while {@code serve} writes; the schema version Flyway recorded instead of its
 * history table; the sequences; and the data directory's secret files. The file appears only when
 * complete: written beside it as {@code FILE.tmp}, owner-only, flushed to disk, then renamed.
 */
public final class StoreBackup {

    private StoreBackup() {}

    /**
     * Backs up the store at {@code location} (and the secret files of {@code dataDirectory}) into
     * {@code file}; an existing file is replaced only with {@code overwrite}.
     */
    public static BackupSummary write(StoreLocation location, Path dataDirectory, Path file, boolean overwrite,
                                      EmbeddedPostgres.Settings settings) {
        long start = System.nanoTime();
        Path target = file.toAbsolutePath().normalize();
        refuseExisting(target, overwrite);
        Path folder = target.getParent();
        if (!Files.isDirectory(folder) || !Files.isWritable(folder)) {
            throw new BackupWriteException("cannot write the backup into " + folder
                    + (Files.isDirectory(folder) ? " (not writable)" : " (no such directory)") + ": choose another path");
        }
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        try (StoreConnection store = StoreConnection.open(location, settings, true);
             Connection c = store.connect()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            String schemaVersion = SchemaCatalog.schemaVersion(c).orElseThrow(() -> new BackupWriteException(
                    store + " holds no CertAtlas schema (no " + SchemaCatalog.FLYWAY_HISTORY + "): nothing to back up"));
            BackupManifest manifest = writeArchive(c, temporary, schemaVersion, dataDirectory);
            c.rollback();
            refuseExisting(target, overwrite);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(folder);
            List<String> secrets = manifest.files().stream().map(BackupManifest.FileEntry::path).toList();
            return new BackupSummary(target, schemaVersion, manifest.tables().size(), manifest.totalRows(),
                    manifest.totalBytes(), Files.size(target), secrets, Duration.ofNanos(System.nanoTime() - start));
        } catch (SQLException e) {
            deleteQuietly(temporary);
            throw new StoreException("the backup failed while reading the store: " + e.getMessage(), e);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new BackupWriteException("cannot write the backup " + temporary + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(temporary);
            throw e;
        }
    }

    private static BackupManifest writeArchive(Connection c, Path temporary, String schemaVersion, Path dataDirectory)
            throws SQLException, IOException {
        String createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String postgresVersion = SchemaCatalog.serverVersion(c);
        List<SchemaCatalog.Table> tables = SchemaCatalog.tables(c);
        List<BackupManifest.SequenceEntry> sequences = SchemaCatalog.sequences(c);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Files.deleteIfExists(temporary);
        OwnerOnlyFile.create(temporary);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16));
            // The fastest level: COPY text of certificates squeezes well even so, and the CPU stays with PostgreSQL.
            zip.setLevel(Deflater.BEST_SPEED);
            List<BackupManifest.TableEntry> written = new ArrayList<>();
            for (SchemaCatalog.Table table : tables) {
                BackupManifest.TableEntry pending = new BackupManifest.TableEntry(table.name(), table.columns(), 0, 0, "");
                zip.putNextEntry(new ZipEntry(pending.entryName()));
                MessageDigest digest = BackupArchive.sha256();
                CountingStream counted = new CountingStream(new DigestOutputStream(zip, digest));
                long rows = copy.copyOut(table.copyOutSql(), counted);
                zip.closeEntry();
                written.add(new BackupManifest.TableEntry(table.name(), table.columns(), rows, counted.count,
                        HexFormat.of().formatHex(digest.digest())));
            }
            List<BackupManifest.FileEntry> files = new ArrayList<>();
            for (String secret : DataDirectorySecrets.present(dataDirectory)) {
                byte[] content = Files.readAllBytes(dataDirectory.resolve(secret));
                BackupManifest.FileEntry entry = new BackupManifest.FileEntry(secret, content.length,
                        HexFormat.of().formatHex(BackupArchive.sha256().digest(content)));
                zip.putNextEntry(new ZipEntry(entry.entryName()));
                zip.write(content);
                zip.closeEntry();
                files.add(entry);
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION,
                    schemaVersion, postgresVersion, createdAt, written, sequences, files);
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY_NAME));
            zip.write(BackupArchive.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            channel.force(true);
            return manifest;
        }
    }

    private static void refuseExisting(Path target, boolean overwrite) {
        if (!overwrite && Files.exists(target)) {
            throw new BackupWriteException(target + " already exists: give another file name, or --force to replace it",
                    new FileAlreadyExistsException(target.toString()));
        }
        if (Files.isDirectory(target)) {
            throw new BackupWriteException(target + " is a directory: give the backup a file name");
        }
    }

    /** The rename itself is on disk only once the directory is flushed too. */
    private static void syncDirectory(Path folder) {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot open a directory for this; the file itself is already on disk.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A stray .tmp beside the target is harmless and says what it is.
        }
    }

    /** Counts what passes through; leaves the zip open when COPY is done with it. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
