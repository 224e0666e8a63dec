package io.certatlas.store.importing;

import io.certatlas.store.CertificateRow;
import io.certatlas.store.Database;
import io.certatlas.store.DeferredIndexes;
import io.certatlas.store.StoreException;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.read.CertificateFiles;
import io.certatlas.x509.read.CertificateRead;
import io.certatlas.x509.read.ReadLimits;
import io.certatlas.x509.read.RejectReason;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports certificate files in bulk: one thread walks the paths, one per core reads, analyses
 * and encodes files for binary COPY, the calling thread gathers them into batches of
 * {@value #BATCH} certificates and links issuers, and {@value #WRITERS} writer threads write the
 * batches ({@link BatchWriters}; sources gets IMPORT, imported = true).
 *
 * <p>The database may still be opening when the import starts (an embedded PostgreSQL takes
 * seconds to initialise and start, and Flyway more): files are read meanwhile, and up to
 * {@value #WAITING_BATCHES} full batches wait for it.
 *
 * <p>Memory stays bounded whatever the number of files: the queues between the stages are
 * bounded, and so are the batches waiting for the database. Each batch is its own transaction:
 * an import stopped half way keeps the complete batches it wrote, and running it again adds
 * only the rest.
 */
public final class BulkImport {

    static final int BATCH = 5_000;
    static final int WAITING_BATCHES = 8;
    static final int UNLINKED_ROWS = 20_000;
    static final int WRITERS = 2;
    /**
     * Rows read but not yet gathered into a batch. The queue between readers and gatherer counts
     * files, and one file may hold thousands of certificates: this bounds the rows themselves.
     */
    static final int ROWS_IN_FLIGHT = 20_000;
    private static final Duration STAGE_TIMEOUT = Duration.ofMinutes(10);
    // Holds one file while it is read; a larger file gets a larger array of its own.
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[1 << 16]);

    /**
     * PEM blocks read as one piece of a larger file. A bundle of any length is read in pieces of
     * this many certificates, so it never meets the reader's per-file certificate limit and its
     * rows go to the writers piece by piece, within {@link #ROWS_IN_FLIGHT}.
     */
    static final int PEM_PIECE = 1_000;

    private final Future<Database> database;
    private final CertificateAnalyzer analyzer;
    private final int readers;
    private final ReadLimits limits;

    private final AtomicLong filesFound = new AtomicLong();
    private final AtomicLong filesRead = new AtomicLong();
    private final AtomicLong certificatesRead = new AtomicLong();
    private final AtomicLong certificatesWritten = new AtomicLong();
    private final AtomicLong rejectedFiles = new AtomicLong();
    /** The database's clock before the first batch was written: the import's keys are audited from then on. */
    private volatile Optional<Instant> keysSince = Optional.empty();
    private volatile boolean walkDone;

    public BulkImport(Database database, CertificateAnalyzer analyzer) {
        this(database, analyzer, Runtime.getRuntime().availableProcessors());
    }

    public BulkImport(Database database, CertificateAnalyzer analyzer, int readers) {
        this(CompletableFuture.completedFuture(Objects.requireNonNull(database, "database")), analyzer, readers);
    }

    /**
     * An import into a database that may still be opening: files are read and analysed
     * meanwhile. A database that fails to open fails the import with its reason.
     */
    public BulkImport(Future<Database> database, CertificateAnalyzer analyzer, int readers) {
        this(database, analyzer, readers, ReadLimits.defaults());
    }

    /** As above, with the reader's limits (the largest file read: {@code import --max-file-mib}). */
    public BulkImport(Future<Database> database, CertificateAnalyzer analyzer, int readers, ReadLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
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
        record Read(List<ImportRow> rows) implements FileResult {
        }

        /**
         * Certificates read from a file that also held something that could not be read (a
         * broken block, more certificates than a container may hold): never dropped in silence.
         */
        record ReadInPart(List<ImportRow> rows, Rejection rejection) implements FileResult {
        }

        record Refused(Rejection rejection) implements FileResult {
        }

        record ReadersDone() implements FileResult {
        }
    }

    /** Files handed to a reader at once. */
    static final int CHUNK = 64;
    // Compared by identity: no chunk of walked paths is this instance.
    private static final List<Path> END_OF_FILES = List.of(Path.of("end-of-files"));

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
        keysSince = Optional.empty();
        // Files and results travel in chunks: one hand-over (a lock and often a thread wake-up)
        // per file between three stages was some 400,000 futex calls for 100,000 files.
        BlockingQueue<List<Path>> files = new ArrayBlockingQueue<>(64);
        BlockingQueue<List<FileResult>> results = new ArrayBlockingQueue<>(64);
        Semaphore rowsInFlight = new Semaphore(ROWS_IN_FLIGHT);
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
        CertificateFiles reader = new CertificateFiles(analyzer, limits, password.map(List::of).orElse(List.of()));
        threads.add(Thread.ofPlatform().name("import-walk").daemon().start(() -> walk(reader, paths, files, results, stop)));
        AtomicInteger liveReaders = new AtomicInteger(readers);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        for (int i = 0; i < readers; i++) {
            threads.add(Thread.ofPlatform().name("import-read-" + i).daemon().start(() -> {
                try {
                    read(reader, files, results, rowsInFlight, stop, started);
                } catch (Throwable e) {
                    // Not a bad file but a broken runtime (out of memory, missing class): end the import.
                    readerFailure.compareAndSet(null, e);
                    stop.set(true);
                } finally {
                    if (liveReaders.decrementAndGet() == 0) {
                        offer(results, List.of(new FileResult.ReadersDone()), stop);
                    }
                }
            }));
        }

        long[] written = {0};
        try {
            collect(results, rowsInFlight, reporting, written, readerFailure);
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
        // Every certificate read is new (first written by this import) or already known: in the inventory before, or
        // read earlier in this import. The writers see a certificate read twice in one batch once, so they cannot count it.
        long read = certificatesRead.get();
        return new ImportSummary(filesRead.get(), read, written[0], read - written[0], rejectedFiles.get(),
                firstRejections, Duration.between(started, Instant.now()), keysSince);
    }

    private void walk(CertificateFiles reader, List<Path> paths, BlockingQueue<List<Path>> files,
                      BlockingQueue<List<FileResult>> results, AtomicBoolean stop) {
        List<Path> chunk = new ArrayList<>(CHUNK);
        try {
            for (Path root : paths) {
                reader.walk(root, file -> {
                    filesFound.incrementAndGet();
                    chunk.add(file);
                    if (chunk.size() == CHUNK) {
                        if (!offer(files, List.copyOf(chunk), stop)) {
                            return false;
                        }
                        chunk.clear();
                    }
                    return true;
                }, skipped -> {
                    filesFound.incrementAndGet();
                    Rejection rejection = new Rejection(skipped.path(), skipped.reason(), skipped.message());
                    return offer(results, List.of(new FileResult.Refused(rejection)), stop);
                });
                if (stop.get()) {
                    break;
                }
            }
        } finally {
            if (!chunk.isEmpty()) {
                offer(files, List.copyOf(chunk), stop);
            }
            walkDone = true;
            for (int i = 0; i < readers; i++) {
                offer(files, END_OF_FILES, stop);
            }
        }
    }

    private void read(CertificateFiles reader, BlockingQueue<List<Path>> files, BlockingQueue<List<FileResult>> results,
                      Semaphore rowsInFlight, AtomicBoolean stop, Instant seenAt) {
        while (!stop.get()) {
            List<Path> chunk;
            try {
                chunk = files.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (chunk == null) {
                continue;
            }
            if (chunk == END_OF_FILES) {
                return;
            }
            List<FileResult> done = new ArrayList<>(chunk.size());
            for (Path file : chunk) {
                List<ImportRow> pending = List.of();
                for (FileResult result : readOne(reader, file, seenAt)) {
                    List<ImportRow> rows = rowsOf(result);
                    if (!rows.isEmpty() && !rowsInFlight.tryAcquire(permits(rows))) {
                        // Hand over what is done before waiting: the permits it holds may be the ones missing.
                        if (!done.isEmpty() && !offer(results, done, stop)) {
                            return;
                        }
                        done = new ArrayList<>(chunk.size());
                        if (!acquire(rowsInFlight, permits(rows), stop)) {
                            return;
                        }
                    }
                    done.add(result);
                }
                filesRead.incrementAndGet();
            }
            if (!done.isEmpty() && !offer(results, done, stop)) {
                return;
            }
        }
    }

    private static List<ImportRow> rowsOf(FileResult result) {
        return switch (result) {
            case FileResult.Read read -> read.rows();
            case FileResult.ReadInPart part -> part.rows();
            default -> List.of();
        };
    }

    /**
     * What one file gives: one result, or for a PEM bundle of more than {@value #PEM_PIECE}
     * certificates one result per piece of it (the file is read whole, within the size limit, but
     * analysed and handed on piece by piece).
     */
    private List<FileResult> readOne(CertificateFiles reader, Path file, Instant seenAt) {
        FileContent content = read(file);
        if (content instanceof FileContent.Refused(Rejection rejection)) {
            return List.of(new FileResult.Refused(rejection));
        }
        byte[] bytes = ((FileContent.Bytes) content).bytes();
        List<int[]> pieces = PemPieces.of(bytes, PEM_PIECE);
        if (pieces.size() <= 1) {
            return List.of(readPiece(reader, file, bytes, seenAt, true));
        }
        List<FileResult> results = new ArrayList<>(pieces.size());
        for (int[] piece : pieces) {
            FileResult result = readPiece(reader, file, Arrays.copyOfRange(bytes, piece[0], piece[1]), seenAt, false);
            // A piece with no certificate (text between blocks) says nothing about the file.
            if (!(result instanceof FileResult.Refused(Rejection r) && r.reason() == RejectReason.NOT_A_CERTIFICATE)) {
                results.add(result instanceof FileResult.Refused(Rejection r)
                        ? new FileResult.Refused(new Rejection(r.path(), r.reason(), "from byte " + piece[0] + ": " + r.detail()))
                        : result);
            }
        }
        return results.isEmpty() ? List.of(readPiece(reader, file, bytes, seenAt, true)) : results;
    }

    /**
     * The certificates of {@code content}, read by {@code reader}. Several certificates in one
     * small file are taken as a chain ({@code asChain}), so that a public intermediate in it can
     * vouch for the leaf's issuer category; the pieces of a large bundle are not.
     */
    private FileResult readPiece(CertificateFiles reader, Path file, byte[] content, Instant seenAt, boolean asChain) {
        FileResult result;
        try {
            List<io.certatlas.x509.read.ReadResult> read = reader.read(file, content);
            List<CertificateFacts> certificates = read.stream()
                    .filter(CertificateRead.class::isInstance).map(r -> ((CertificateRead) r).facts()).toList();
            List<io.certatlas.x509.read.Rejection> refused = read.stream()
                    .filter(io.certatlas.x509.read.Rejection.class::isInstance)
                    .map(io.certatlas.x509.read.Rejection.class::cast).toList();
            if (certificates.isEmpty()) {
                io.certatlas.x509.read.Rejection first = refused.getFirst();
                result = new FileResult.Refused(new Rejection(file, first.reason(), first.message()));
            } else {
                List<CertificateRow> rows;
                if (certificates.size() == 1) {
                    rows = List.of(CertificateRow.alone(certificates.getFirst(), "IMPORT", seenAt));
                } else if (asChain) {
                    // The reader analysed each certificate already: only the chain's judgement is added.
                    rows = CertificateRow.ofChain(analyzer.asChain(certificates), "IMPORT", seenAt);
                } else {
                    rows = certificates.stream().map(c -> CertificateRow.alone(c, "IMPORT", seenAt)).toList();
                }
                certificatesRead.addAndGet(rows.size());
                List<ImportRow> importRows = rows.stream().map(ImportRow::of).toList();
                if (refused.isEmpty()) {
                    result = new FileResult.Read(importRows);
                } else {
                    io.certatlas.x509.read.Rejection first = refused.getFirst();
                    result = new FileResult.ReadInPart(importRows, new Rejection(file, first.reason(),
                            "read in part, " + rows.size() + " certificates imported, but " + first.message()
                                    + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more problems in this file)" : "")));
                }
            }
        } catch (RuntimeException e) {
            // One strange file must not end the import: it is reported like any other refusal.
            result = new FileResult.Refused(new Rejection(file, RejectReason.MALFORMED_DER,
                    "cannot be analysed: " + e));
        }
        return result;
    }

    /** A file's bytes, or why there are none. */
    private sealed interface FileContent {
        record Bytes(byte[] bytes) implements FileContent {
        }

        record Refused(Rejection rejection) implements FileContent {
        }
    }

    /**
     * Reads a file the walk found to be a regular file with plain reads into a buffer kept per
     * thread: five system calls a file (open, its directory check, two reads, close) instead of
     * the ten that the reader's own checks and NIO streams make (stat, size, seek, ...), which
     * was about a second of system time over 100,000 files. A file over the size limit is
     * refused with its real size (asked of the open file only then) and the option that raises it.
     */
    private FileContent read(Path file) {
        // At most one byte past the limit: over it, the file is refused without being read further.
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1);
        byte[] buffer = READ_BUFFER.get();
        int size = 0;
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            while (size < limit) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, buffer.length * 2L));
                }
                int n = in.read(buffer, size, Math.min(buffer.length, limit) - size);
                if (n < 0) {
                    break;
                }
                size += n;
            }
            if (size > limits.maxFileBytes()) {
                return new FileContent.Refused(tooLarge(file, Math.max(size, in.getChannel().size())));
            }
        } catch (IOException | RuntimeException e) {
            // The reader's own checks say what is wrong (permissions, vanished, not a file).
            List<io.certatlas.x509.read.ReadResult> refused = new CertificateFiles(analyzer, limits, List.of()).read(file);
            if (refused.getFirst() instanceof io.certatlas.x509.read.Rejection r) {
                return new FileContent.Refused(r.reason() == RejectReason.TOO_LARGE
                        ? tooLarge(file, sizeOf(file)) : new Rejection(file, r.reason(), r.message()));
            }
            return new FileContent.Refused(new Rejection(file, RejectReason.UNREADABLE_FILE, "cannot be read: " + e.getMessage()));
        }
        return new FileContent.Bytes(Arrays.copyOf(buffer, size));
    }

    private Rejection tooLarge(Path file, long size) {
        long mib = 1L << 20;
        return new Rejection(file, RejectReason.TOO_LARGE, String.format(java.util.Locale.ROOT,
                "is %,d bytes (%.1f MiB), over the limit of %,d bytes (%.1f MiB) for one file: nothing of it was"
                        + " imported; raise the limit with import --max-file-mib %d, or split the file",
                size, size / (double) mib, limits.maxFileBytes(), limits.maxFileBytes() / (double) mib,
                (size + mib - 1) / mib));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A file's share of {@link #ROWS_IN_FLIGHT}; a file with more rows than that takes all of it. */
    private static int permits(List<ImportRow> rows) {
        return Math.min(rows.size(), ROWS_IN_FLIGHT);
    }

    /** Like {@link #offer}, for permits. */
    private static boolean acquire(Semaphore semaphore, int permits, AtomicBoolean stop) {
        long deadline = System.nanoTime() + STAGE_TIMEOUT.toNanos();
        while (!stop.get() && System.nanoTime() < deadline) {
            try {
                if (semaphore.tryAcquire(permits, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
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

    /**
     * Gathers the readers' rows into batches of distinct certificates, learns the CAs among them,
     * and hands each batch, its issuers linked, to the writers once the database is open.
     */
    private void collect(BlockingQueue<List<FileResult>> results, Semaphore rowsInFlight, ImportListener listener, long[] written,
                         AtomicReference<Throwable> readerFailure) {
        Batches batches = new Batches();
        try {
            Map<String, ImportRow> batch = new LinkedHashMap<>();
            long idleSince = System.nanoTime();
            while (true) {
                List<FileResult> chunk;
                try {
                    chunk = results.poll(200, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("the import was interrupted", e);
                }
                if (readerFailure.get() != null) {
                    throw new StoreException("the import stopped: a file reader failed: " + readerFailure.get(),
                            readerFailure.get());
                }
                if (chunk == null) {
                    if (System.nanoTime() - idleSince > STAGE_TIMEOUT.toNanos()) {
                        throw new StoreException("the import stalled: no file was read for "
                                + STAGE_TIMEOUT.toMinutes() + " minutes", null);
                    }
                    batches.dispatch(false);
                    continue;
                }
                idleSince = System.nanoTime();
                for (FileResult result : chunk) {
                    switch (result) {
                        case FileResult.Read(List<ImportRow> rows) -> {
                            rowsInFlight.release(permits(rows));
                            for (ImportRow row : rows) {
                                batches.issuers.learn(row);
                                batch.merge(row.certhash(), row, BulkImport::moreLinked);
                            }
                            if (batch.size() >= BATCH) {
                                batches.waiting.add(List.copyOf(batch.values()));
                                batch.clear();
                                batches.dispatch(false);
                            }
                        }
                        case FileResult.ReadInPart(List<ImportRow> rows, Rejection rejection) -> {
                            listener.rejected(rejection);
                            rowsInFlight.release(permits(rows));
                            for (ImportRow row : rows) {
                                batches.issuers.learn(row);
                                batch.merge(row.certhash(), row, BulkImport::moreLinked);
                            }
                            if (batch.size() >= BATCH) {
                                batches.waiting.add(List.copyOf(batch.values()));
                                batch.clear();
                                batches.dispatch(false);
                            }
                        }
                        case FileResult.Refused(Rejection rejection) -> listener.rejected(rejection);
                        case FileResult.ReadersDone() -> {
                            if (!batch.isEmpty()) {
                                batches.waiting.add(List.copyOf(batch.values()));
                            }
                            batches.dispatch(true);
                            CertificateBatch.Written total = batches.writers.finish();
                            written[0] = total.newCertificates();
                            try (Connection c = batches.db.dataSource().getConnection()) {
                                c.setAutoCommit(true);
                                batches.issuers.linkLateIssuers(c);
                            }
                            if (batches.deferred.isPresent()) {
                                batches.deferred.get().build();
                                batches.db.checkpointSoon();
                            }
                            return;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("the import could not write to the database: " + e.getMessage(), e);
        } finally {
            if (batches.writers != null) {
                batches.writers.close();
            }
            batches.deferred.ifPresent(DeferredIndexes::close);
        }
    }

    /**
     * Full batches on their way to the writers, which start once the database is open.
     *
     * <p>A row whose issuer is not known yet waits, up to {@value #UNLINKED_ROWS} rows, for a CA
     * read later (a directory of leaves walked before the directory of their CA): linked
     * afterwards, by {@link IssuerIndex#linkLateIssuers}, it costs an UPDATE that rewrites the row
     * and its twenty-odd index entries, about 100 µs a row on the 2-core VM; waiting costs about
     * 1.6 KB of memory. Rows whose issuer is not in the import at all (leaves of public CAs) are
     * only written a little later.
     */
    private final class Batches {
        final IssuerIndex issuers = new IssuerIndex();
        final Deque<List<ImportRow>> waiting = new ArrayDeque<>();
        /** Rows to write, issuers linked where known; distinct certhashes. */
        private final Map<String, ImportRow> ready = new LinkedHashMap<>();
        /** Rows waiting for their issuer, oldest first. */
        private final Map<String, ImportRow> unlinked = new LinkedHashMap<>();
        private long authoritiesSeen;
        Database db;
        BatchWriters writers;
        /**
         * The certificate indexes set aside while the rows go in, when this import has read a
         * batch or more by the time the database opens and the inventory holds at most half as
         * many certificates as it has read.
         */
        Optional<DeferredIndexes> deferred = Optional.empty();

        /**
         * Hands the waiting batches to the writers; when {@code last}, waits for the database
         * first and writes everything, unlinked rows included.
         */
        void dispatch(boolean last) throws SQLException {
            if (writers == null) {
                if (!last && !database.isDone() && waiting.size() < WAITING_BATCHES) {
                    return;
                }
                db = openedDatabase();
                try (Connection c = db.dataSource().getConnection()) {
                    issuers.load(c);
                    keysSince = Optional.of(databaseClock(c));
                }
                if (certificatesRead.get() >= BATCH) {
                    deferred = DeferredIndexes.defer(db.dataSource(), "certificate", certificatesRead.get() / 2);
                }
                writers = new BatchWriters(db, WRITERS, certificatesWritten, STAGE_TIMEOUT);
            }
            while (!waiting.isEmpty()) {
                relink();
                for (ImportRow row : waiting.poll()) {
                    ImportRow resolved = issuers.resolve(row);
                    if (resolved.issuerCerthash().isPresent()) {
                        unlinked.remove(resolved.certhash());
                        ready.merge(resolved.certhash(), resolved, BulkImport::moreLinked);
                    } else if (!ready.containsKey(resolved.certhash())) {
                        unlinked.merge(resolved.certhash(), resolved, BulkImport::moreLinked);
                    }
                }
                moveOldest(unlinked.size() - UNLINKED_ROWS);
                submitFull();
            }
            if (last) {
                relink();
                moveOldest(unlinked.size());
                submitFull();
                if (!ready.isEmpty()) {
                    submit(ready.size());
                }
            }
        }

        /** Links the waiting rows whose CA has been read since they came. */
        private void relink() {
            if (issuers.authorities() == authoritiesSeen || unlinked.isEmpty()) {
                return;
            }
            authoritiesSeen = issuers.authorities();
            for (var i = unlinked.values().iterator(); i.hasNext(); ) {
                ImportRow resolved = issuers.resolve(i.next());
                if (resolved.issuerCerthash().isPresent()) {
                    i.remove();
                    ready.merge(resolved.certhash(), resolved, BulkImport::moreLinked);
                }
            }
        }

        private void moveOldest(int count) {
            var i = unlinked.values().iterator();
            for (int n = 0; n < count && i.hasNext(); n++) {
                ImportRow row = i.next();
                i.remove();
                ready.merge(row.certhash(), row, BulkImport::moreLinked);
            }
        }

        private void submitFull() {
            while (ready.size() >= BATCH) {
                submit(BATCH);
            }
        }

        private void submit(int count) {
            List<ImportRow> batch = new ArrayList<>(count);
            var i = ready.values().iterator();
            while (batch.size() < count && i.hasNext()) {
                batch.add(i.next());
                i.remove();
            }
            // Every writer inserts in certhash order, so two of them (or two imports) that meet on
            // the same certificates wait for each other at most, never deadlock; the unique index
            // on certhash also fills in order.
            batch.sort(Comparator.comparing(ImportRow::certhash));
            writers.submit(batch);
        }
    }

    /** Of two sightings of one certificate, the one that knows most about its chain. */
    private static ImportRow moreLinked(ImportRow old, ImportRow fresh) {
        return old.issuerCerthash().isEmpty() && fresh.issuerCerthash().isPresent() ? fresh : old;
    }

    private Database openedDatabase() {
        try {
            return database.get(STAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("the import was interrupted while the database opened", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("the database could not be opened: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StoreException("the database did not open within " + STAGE_TIMEOUT.toMinutes() + " minutes", e);
        }
    }

    private static Instant databaseClock(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

}
