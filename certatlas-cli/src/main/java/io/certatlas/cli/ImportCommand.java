package io.certatlas.cli;

import io.certatlas.cli.output.TerminalText;
import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.store.Database;
import io.certatlas.store.importing.BulkImport;
import io.certatlas.store.importing.ImportListener;
import io.certatlas.store.importing.ImportProgress;
import io.certatlas.store.importing.ImportSummary;
import io.certatlas.store.importing.Rejection;
import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.read.ReadLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code certatlas import PATH...}: certificate files (PEM, DER, PKCS#12, JKS) into the inventory. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import certificate files: PEM, DER, PKCS#12 and JKS, from files or whole directory trees.",
                "Certificates already in the inventory are kept and marked as imported too; running the same",
                "import twice adds nothing. Files that hold no certificate are listed with the reason.",
                "Exit code: 0 when every file was imported whole, 1 when some were rejected in whole or in part, 2 on bad arguments."})
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to import.")
    List<Path> paths;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Password of PKCS#12 / JKS keystores (default: none; JKS certificates are read without one).")
    Optional<String> password;

    @Option(names = "--max-file-mib", paramLabel = "MIB", defaultValue = "16",
            description = "Largest file read, in MiB (default: ${DEFAULT-VALUE}); a larger one is reported and skipped."
                    + " A file is held in memory while it is read.")
    long maxFileMebibytes;

    /** The largest file a Java array can hold, in MiB. */
    private static final long MAX_FILE_MIB = (Integer.MAX_VALUE - 8) >> 20;

    @Override
    public Integer call() {
        if (maxFileMebibytes < 1 || maxFileMebibytes > MAX_FILE_MIB) {
            System.err.println("certatlas import: --max-file-mib must be from 1 to " + MAX_FILE_MIB + ", was " + maxFileMebibytes);
            return 2;
        }
        for (Path path : paths) {
            if (!Files.exists(path)) {
                System.err.println("certatlas import: there is no file or directory " + path + ": check the path");
                return 2;
            }
        }
        // Files are read and analysed while the store opens (initialising and starting an embedded
        // PostgreSQL and migrating it takes seconds): the import waits for the database only to write.
        CompletableFuture<Database> opening = new CompletableFuture<>();
        Thread.ofPlatform().name("store-open").start(() -> {
            try {
                opening.complete(store.open());
            } catch (Throwable e) {
                opening.completeExceptionally(e);
            }
        });
        try (OpenedStore ignored = new OpenedStore(opening)) {
            BulkImport bulk = new BulkImport(opening, CertificateAnalyzer.standard(),
                    Runtime.getRuntime().availableProcessors(),
                    new ReadLimits(maxFileMebibytes << 20, ReadLimits.DEFAULT_MAX_CERTIFICATES_PER_FILE));
            long start = System.nanoTime();
            ImportSummary summary;
            try (TerminalProgress progress = new TerminalProgress(System.err, () -> describe(bulk.progress(), start))) {
                summary = bulk.run(paths, password, new ImportListener() {
                    @Override
                    public void rejected(Rejection rejection) {
                        progress.message(TerminalText.of("rejected " + rejection.path() + ": " + rejection.detail()
                                + " [" + rejection.reason() + "]"));
                    }
                });
            }
            System.out.printf(Locale.ROOT, "%,d files read, %,d certificates read: %,d new, %,d already known,"
                            + " %,d files rejected (%.1f s)%n", summary.filesRead(), summary.certificatesRead(),
                    summary.newCertificates(), summary.alreadyKnown(), summary.rejectedFiles(),
                    summary.elapsed().toMillis() / 1000.0);
            System.out.println(KeyCheckRun.imported(opening.join(), summary.keysWrittenSince()).line());
            return summary.rejectedFiles() == 0 ? 0 : 1;
        }
    }

    /** Closes the store once it is open, however the import ended (stopping an embedded PostgreSQL started for it). */
    private record OpenedStore(CompletableFuture<Database> opening) implements AutoCloseable {
        @Override
        public void close() {
            try {
                opening.join().close();
            } catch (CompletionException | CancellationException notOpened) {
                // Nothing to close: the reason was reported where the store failed to open.
            }
        }
    }

    private static String describe(ImportProgress p, long startNanos) {
        double seconds = Math.max(0.001, Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
        String bar = p.walkDone() && p.filesFound() > 0
                ? TerminalProgress.bar((double) p.filesRead() / p.filesFound(), 30) + " "
                : "";
        return String.format(Locale.ROOT, "%s%,d/%,d%s files, %,d certificates read, %,d written, %,d rejected, %,.0f files/s",
                bar, p.filesRead(), p.filesFound(), p.walkDone() ? "" : "+", p.certificatesRead(),
                p.certificatesWritten(), p.rejectedFiles(), p.filesRead() / seconds);
    }
}
