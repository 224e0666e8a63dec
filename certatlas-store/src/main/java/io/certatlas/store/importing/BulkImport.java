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
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
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

    private final Future<Database> database;
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
        this(CompletableFuture.completedFuture(Objects.requireNonNull(database, "database")), analyzer, readers);
    }

    /**
     * An import into a database that may still be opening: files are read and analysed
     * meanwhile. A database that fails to open fails the import with its reason.
     */
    public BulkImport(Future<Database> database, CertificateAnalyzer analyzer, int readers) {
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
        threads.add(Thread.ofPlatform().name("import-walk").daemon().start(() -> walk(paths, files, results, stop)));
        AtomicInteger liveReaders = new AtomicInteger(readers);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        CertificateFiles reader = new CertificateFiles(analyzer, ReadLimits.defaults(), password.map(List::of).orElse(List.of()));
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

        long[] written = {0, 0};
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
        return new ImportSummary(filesRead.get(), certificatesRead.get(), written[0], written[1], rejectedFiles.get(),
                firstRejections, Duration.between(started, Instant.now()));
    }

    private void walk(List<Path> paths, BlockingQueue<List<Path>> files, BlockingQueue<List<FileResult>> results,
                      AtomicBoolean stop) {
        List<Path> chunk = new ArrayList<>(CHUNK);
        try {
            for (Path root : paths) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() || (attributes.isSymbolicLink() && Files.isRegularFile(file))) {
                            filesFound.incrementAndGet();
                            chunk.add(file);
                            if (chunk.size() == CHUNK) {
                                if (!offer(files, List.copyOf(chunk), stop)) {
                                    return FileVisitResult.TERMINATE;
                                }
                                chunk.clear();
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        filesFound.incrementAndGet();
                        offer(results, List.of(new FileResult.Refused(new Rejection(file, RejectReason.UNREADABLE_FILE,
                                "cannot read it: " + e.getMessage()))), stop);
                        return stop.get() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            offer(results, List.of(new FileResult.Refused(new Rejection(paths.getFirst(), RejectReason.UNREADABLE_FILE,
                    "the walk stopped: " + e.getMessage()))), stop);
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
                FileResult result = readOne(reader, file, seenAt);
                filesRead.incrementAndGet();
                if (result instanceof FileResult.Read(List<ImportRow> rows)
                        && !rowsInFlight.tryAcquire(permits(rows))) {
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
            if (!done.isEmpty() && !offer(results, done, stop)) {
                return;
            }
        }
    }

    private FileResult readOne(CertificateFiles reader, Path file, Instant seenAt) {
        FileResult result;
        try {
            List<io.certatlas.x509.read.ReadResult> read = read(reader, file);
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
                result = new FileResult.Read(rows.stream().map(ImportRow::of).toList());
            }
        } catch (MalformedCertificateException e) {
            result = new FileResult.Refused(new Rejection(file, RejectReason.MALFORMED_DER, e.getMessage()));
        } catch (RuntimeException e) {
            // One strange file must not end the import: it is reported like any other refusal.
            result = new FileResult.Refused(new Rejection(file, RejectReason.MALFORMED_DER,
                    "cannot be analysed: " + e));
        }
        return result;
    }

    /**
     * Reads a file the walk found to be a regular file with plain reads into a buffer kept per
     * thread: five system calls a file (open, its directory check, two reads, close) instead of
     * the ten that the reader's own checks and NIO streams make (stat, size, seek, ...), which
     * was about a second of system time over 100,000 files. Any trouble goes to the reader,
     * whose messages say what is wrong.
     */
    private static List<io.certatlas.x509.read.ReadResult> read(CertificateFiles reader, Path file) {
        // At most one byte past the limit: the reader then refuses the file as too large.
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, ReadLimits.defaults().maxFileBytes() + 1);
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
        } catch (IOException | RuntimeException e) {
            return reader.read(file);
        }
        return reader.read(file, Arrays.copyOf(buffer, size));
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
                        case FileResult.Refused(Rejection rejection) -> listener.rejected(rejection);
                        case FileResult.ReadersDone() -> {
                            if (!batch.isEmpty()) {
                                batches.waiting.add(List.copyOf(batch.values()));
                            }
                            batches.dispatch(true);
                            CertificateBatch.Written total = batches.writers.finish();
                            written[0] = total.newCertificates();
                            written[1] = total.alreadyKnown();
                            try (Connection c = batches.db.dataSource().getConnection()) {
                                c.setAutoCommit(true);
                                batches.issuers.linkLateIssuers(c);
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
}
