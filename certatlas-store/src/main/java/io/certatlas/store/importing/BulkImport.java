package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.Database;
import io.certatlas.store.StoreException;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.read.CertificateFiles;
import io.certatlas.x509.read.CertificateRead;
import io.certatlas.x509.read.ReadLimits;
import io.certatlas.x509.read.RejectReason;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports certificate files in bulk: one thread walks the paths, one per core reads and
 * analyses files, and the calling thread writes batches of {@value #BATCH} certificates with
 * binary COPY into a session-temporary table and one {@code INSERT ... SELECT ... ON CONFLICT}
 * into {@code certificate} (sources gets IMPORT, imported = true).
 *
 * <p>Memory stays bounded whatever the number of files: the queues between the stages are
 * bounded, and a batch is written and dropped before the next one fills. Each batch is its own
 * transaction: an import stopped half way keeps the complete batches it wrote, and running it
 * again adds only the rest.
 */
public final class BulkImport {

    static final int BATCH = 10_000;
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(10);

    private final Database database;
    private final CertificateAnalyzer analyzer;
    private final int readers;

    private final AtomicLong filesFound = new AtomicLong();
    private final AtomicLong filesRead = new AtomicLong();
    private final AtomicLong certificatesRead = new AtomicLong();
    private final AtomicLong certificatesWritten = new AtomicLong();
    private final AtomicLong rejectedFiles = new AtomicLong();
    private volatile boolean walkDone;

    public BulkImport(Database database, CertificateAnalyzer analyzer) {
        this(database, analyzer, Runtime.getRuntime().availableProcessors());
    }

    public BulkImport(Database database, CertificateAnalyzer analyzer, int readers) {
        this.database = Objects.requireNonNull(database, "database");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        if (readers < 1) {
            throw new IllegalArgumentException("readers must be at least 1, was " + readers);
        }
        this.readers = readers;
    }

    /** Where the running import is; safe to call from any thread. */
    public ImportProgress progress() {
        return new ImportProgress(filesFound.get(), walkDone, filesRead.get(), certificatesRead.get(),
                certificatesWritten.get(), rejectedFiles.get());
    }

    /** What one file gave: its rows, or why it gave none. */
    private sealed interface FileResult {
        record Read(List<CertificateRow> rows) implements FileResult {
        }

        record Refused(Rejection rejection) implements FileResult {
        }

        record ReadersDone() implements FileResult {
        }
    }

    // Compared by identity: no walked path is this instance.
    private static final Path END_OF_FILES = Path.of("end-of-files");

    /**
     * Imports every file under {@code paths} (files or directories, walked recursively without
     * following symbolic links to directories).
     *
     * @param password for PKCS#12 and JKS keystores
     * @throws IllegalArgumentException when a path does not exist (nothing is imported then)
     */
    public ImportSummary run(List<Path> paths, Optional<String> password, ImportListener listener) {
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("there is no file or directory " + p + ": check the path");
            }
        }
        Instant started = Instant.now();
        BlockingQueue<Path> files = new ArrayBlockingQueue<>(4096);
        BlockingQueue<FileResult> results = new ArrayBlockingQueue<>(4096);
        AtomicBoolean stop = new AtomicBoolean();
        List<Rejection> firstRejections = Collections.synchronizedList(new ArrayList<>());
        ImportListener reporting = new ImportListener() {
            @Override
            public void rejected(Rejection rejection) {
                rejectedFiles.incrementAndGet();
                if (firstRejections.size() < ImportSummary.KEPT_REJECTIONS) {
                    firstRejections.add(rejection);
                }
                listener.rejected(rejection);
            }
        };

        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().name("import-walk").daemon().start(() -> walk(paths, files, results, stop)));
        AtomicInteger liveReaders = new AtomicInteger(readers);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        CertificateFiles reader = new CertificateFiles(analyzer, ReadLimits.defaults(), password.map(List::of).orElse(List.of()));
        for (int i = 0; i < readers; i++) {
            threads.add(Thread.ofPlatform().name("import-read-" + i).daemon().start(() -> {
                try {
                    read(reader, files, results, stop, started);
                } catch (Throwable e) {
                    // Not a bad file but a broken runtime (out of memory, missing class): end the import.
                    readerFailure.compareAndSet(null, e);
                    stop.set(true);
                } finally {
                    if (liveReaders.decrementAndGet() == 0) {
                        offer(results, new FileResult.ReadersDone(), stop);
                    }
                }
            }));
        }

        long[] written = {0, 0};
        try {
            write(results, reporting, stop, written, readerFailure);
        } finally {
            stop.set(true);
            threads.forEach(Thread::interrupt);
            for (Thread t : threads) {
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return new ImportSummary(filesRead.get(), certificatesRead.get(), written[0], written[1], rejectedFiles.get(),
                firstRejections, Duration.between(started, Instant.now()));
    }

    private void walk(List<Path> paths, BlockingQueue<Path> files, BlockingQueue<FileResult> results, AtomicBoolean stop) {
        try {
            for (Path root : paths) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() || (attributes.isSymbolicLink() && Files.isRegularFile(file))) {
                            filesFound.incrementAndGet();
                            if (!offer(files, file, stop)) {
                                return FileVisitResult.TERMINATE;
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        filesFound.incrementAndGet();
                        offer(results, new FileResult.Refused(new Rejection(file, RejectReason.UNREADABLE_FILE,
                                "cannot read it: " + e.getMessage())), stop);
                        return stop.get() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            offer(results, new FileResult.Refused(new Rejection(paths.getFirst(), RejectReason.UNREADABLE_FILE,
                    "the walk stopped: " + e.getMessage())), stop);
        } finally {
            walkDone = true;
            for (int i = 0; i < readers; i++) {
                offer(files, END_OF_FILES, stop);
            }
        }
    }

    private void read(CertificateFiles reader, BlockingQueue<Path> files, BlockingQueue<FileResult> results,
                      AtomicBoolean stop, Instant seenAt) {
        while (!stop.get()) {
            Path file;
            try {
                file = files.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (file == null) {
                continue;
            }
            if (file == END_OF_FILES) {
                return;
            }
            FileResult result;
            try {
                List<io.certatlas.x509.read.ReadResult> read = reader.read(file);
                List<CertificateFacts> certificates = read.stream()
                        .filter(CertificateRead.class::isInstance).map(r -> ((CertificateRead) r).facts()).toList();
                if (certificates.isEmpty()) {
                    io.certatlas.x509.read.Rejection first = (io.certatlas.x509.read.Rejection) read.getFirst();
                    result = new FileResult.Refused(new Rejection(file, first.reason(), first.message()));
                } else {
                    List<CertificateRow> rows;
                    if (certificates.size() == 1) {
                        rows = List.of(CertificateRow.alone(certificates.getFirst(), "IMPORT", seenAt));
                    } else {
                        // Several certificates in one file are taken as a chain, so that a public
                        // intermediate in it can vouch for the leaf's issuer category.
                        List<CertificateFacts> chain = analyzer.analyzeChain(certificates.stream().map(CertificateFacts::der).toList());
                        rows = CertificateRow.ofChain(chain, "IMPORT", seenAt);
                    }
                    certificatesRead.addAndGet(rows.size());
                    result = new FileResult.Read(rows);
                }
            } catch (MalformedCertificateException e) {
                result = new FileResult.Refused(new Rejection(file, RejectReason.MALFORMED_DER, e.getMessage()));
            } catch (RuntimeException e) {
                // One strange file must not end the import: it is reported like any other refusal.
                result = new FileResult.Refused(new Rejection(file, RejectReason.MALFORMED_DER,
                        "cannot be analysed: " + e));
            }
            filesRead.incrementAndGet();
            if (!offer(results, result, stop)) {
                return;
            }
        }
    }

    /** Puts with a timeout, retried while the import runs; false when the import stopped. */
    private static <T> boolean offer(BlockingQueue<T> queue, T item, AtomicBoolean stop) {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (!stop.get() && System.nanoTime() < deadline) {
            try {
                if (queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }

    private void write(BlockingQueue<FileResult> results, ImportListener listener, AtomicBoolean stop, long[] written,
                       AtomicReference<Throwable> readerFailure) {
        try (Connection c = database.dataSource().getConnection()) {
            c.setAutoCommit(true);
            CertificateBatch.prepare(c);
            IssuerIndex issuers = new IssuerIndex();
            issuers.load(c);
            c.setAutoCommit(false);
            Map<String, CertificateRow> batch = new LinkedHashMap<>();
            long idleSince = System.nanoTime();
            while (true) {
                FileResult result;
                try {
                    result = results.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("the import was interrupted", e);
                }
                if (readerFailure.get() != null) {
                    throw new StoreException("the import stopped: a file reader failed: " + readerFailure.get(),
                            readerFailure.get());
                }
                if (result == null) {
                    if (System.nanoTime() - idleSince > STAGE_TIMEOUT.toNanos()) {
                        throw new StoreException("the import stalled: no file was read for "
                                + STAGE_TIMEOUT.toMinutes() + " minutes", null);
                    }
                    continue;
                }
                idleSince = System.nanoTime();
                switch (result) {
                    case FileResult.Read(List<CertificateRow> rows) -> {
                        for (CertificateRow row : rows) {
                            // Keep the sighting that knows most about the chain.
                            issuers.learn(row);
                            batch.merge(row.facts().certhash(), row,
                                    (old, fresh) -> old.issuerCerthash().isEmpty() && fresh.issuerCerthash().isPresent()
                                            ? fresh : old);
                        }
                        if (batch.size() >= BATCH) {
                            flush(c, batch, written, issuers);
                        }
                    }
                    case FileResult.Refused(Rejection rejection) -> listener.rejected(rejection);
                    case FileResult.ReadersDone() -> {
                        flush(c, batch, written, issuers);
                        issuers.linkLateIssuers(c);
                        CertificateBatch.release(c);
                        c.commit();
                        return;
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("the import could not write to the database: " + e.getMessage(), e);
        }
    }

    private void flush(Connection c, Map<String, CertificateRow> batch, long[] written, IssuerIndex issuers)
            throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<CertificateRow> rows = new ArrayList<>(batch.size());
            batch.values().forEach(row -> rows.add(issuers.resolve(row)));
            CertificateBatch.Written result = CertificateBatch.write(c, rows);
            c.commit();
            written[0] += result.newCertificates();
            written[1] += result.alreadyKnown();
            certificatesWritten.addAndGet(batch.size());
            batch.clear();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }
}
