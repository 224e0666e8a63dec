package io.certatlas.x509.read;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

import io.certatlas.x509.CertificateAnalyzer;

/**
 * Reads certificates from files of any supported format, detected by content: the entry point of
 * an import. {@link #read(Path)} handles one file and never throws, so a caller imports many
 * files in parallel by mapping paths over it ({@link #readTree} does exactly that on all cores).
 *
 * <p>Directory walks ({@link #walk}) are recursive and follow symbolic links, except one that leads
 * back into a directory being walked ({@link RejectReason#SYMLINK_LOOP}); anything that is not a
 * regular file (sockets, devices) is skipped with {@link RejectReason#UNREADABLE_FILE}.
 */
public final class CertificateFiles {

    /** Deeper trees than this are cut off: real certificate stores are shallow. */
    public static final int MAX_DEPTH = 64;

    private final ReadLimits limits;
    private final PemReader pem;
    private final DerReader der;
    private final Pkcs7Reader pkcs7;
    private final KeyStoreReader keyStores;

    public CertificateFiles(CertificateAnalyzer analyzer, ReadLimits limits, List<String> passwords) {
        Objects.requireNonNull(analyzer, "analyzer");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.pem = new PemReader(analyzer, limits);
        this.der = new DerReader(analyzer, limits);
        this.pkcs7 = new Pkcs7Reader(analyzer, limits);
        this.keyStores = new KeyStoreReader(analyzer, limits, passwords);
    }

    /** The standard analyzer, default limits, and only the fallback passwords ("" and "changeit"). */
    public static CertificateFiles standard() {
        return new CertificateFiles(CertificateAnalyzer.standard(), ReadLimits.defaults(), List.of());
    }

    /** The readers behind this, one per format. */
    public List<CertificateReader> readers() {
        return List.of(pem, der, pkcs7, keyStores);
    }

    /** Every certificate in one file, or the reasons there are none. Never throws, never empty. */
    public List<ReadResult> read(Path file) {
        byte[] content;
        try {
            if (!Files.isRegularFile(file)) {
                return reject(file, RejectReason.UNREADABLE_FILE, Files.isDirectory(file)
                        ? "is a directory: walk it instead of reading it as a file"
                        : Files.exists(file) ? "is not a regular file" : "does not exist: check the path");
            }
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                return tooLarge(file, size);
            }
            try (InputStream in = Files.newInputStream(file)) {
                // Read at most one byte past the limit: a file that grew since size() is still bounded.
                content = in.readNBytes((int) limits.maxFileBytes() + 1);
            }
            if (content.length > limits.maxFileBytes()) {
                return tooLarge(file, content.length);
            }
        } catch (AccessDeniedException e) {
            return reject(file, RejectReason.UNREADABLE_FILE, "permission denied: give the importing user read access");
        } catch (NoSuchFileException e) {
            return reject(file, RejectReason.UNREADABLE_FILE, "vanished while being read");
        } catch (IOException | SecurityException e) {
            return reject(file, RejectReason.UNREADABLE_FILE, "cannot be read: " + e.getMessage());
        }
        return read(file, content);
    }

    /** Every certificate in content already read from {@code file} (which is only used to label results). */
    public List<ReadResult> read(Path file, byte[] content) {
        if (content.length > limits.maxFileBytes()) {
            return tooLarge(file, content.length);
        }
        if (content.length == 0) {
            return reject(file, RejectReason.NOT_A_CERTIFICATE, "the file is empty");
        }
        try {
            return CertificateFormat.detect(content)
                    .map(format -> switch (format) {
                        case PEM -> pem.read(file, content);
                        case DER -> der.read(file, content);
                        case PKCS7 -> pkcs7.read(file, content);
                        case PKCS12, JKS -> keyStores.read(file, content);
                    })
                    .orElseGet(() -> reject(file, RejectReason.NOT_A_CERTIFICATE, notACertificate(file)));
        } catch (RuntimeException e) {
            // Readers turn faults into rejections themselves; this is the last guard against a library surprise.
            return reject(file, RejectReason.MALFORMED_DER, "cannot be parsed (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    /** All regular files under {@code root} (or root itself when it is a file), and what was skipped. */
    public FileWalk walk(Path root) {
        List<Path> files = new ArrayList<>();
        List<Rejection> skipped = new ArrayList<>();
        walk(root, files::add, skipped::add);
        return new FileWalk(files, skipped);
    }

    /**
     * Walks {@code root} as {@link #walk(Path)} does, handing over each regular file and each thing
     * skipped as it is met, so that reading can start before the walk ends. Symbolic links are
     * followed (a loop is reported, not followed), at most {@link #MAX_DEPTH} directories deep.
     * Either callback returns false to end the walk early.
     */
    public void walk(Path root, Predicate<Path> file, Predicate<Rejection> skipped) {
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                    boolean go = true;
                    if (attributes.isRegularFile()) {
                        go = file.test(path);
                    } else if (attributes.isSymbolicLink()) {
                        go = skipped.test(new Rejection(path, RejectReason.UNREADABLE_FILE,
                                "is a symbolic link to nothing (its target is missing); skipped"));
                    } else if (!attributes.isDirectory()) {
                        go = skipped.test(new Rejection(path, RejectReason.UNREADABLE_FILE,
                                "is not a regular file (socket, device or pipe); skipped"));
                    }
                    return go ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path path, IOException e) {
                    boolean go;
                    if (e instanceof FileSystemLoopException) {
                        go = skipped.test(new Rejection(path, RejectReason.SYMLINK_LOOP,
                                "is a symbolic link back into a directory already being walked; not followed"));
                    } else {
                        go = skipped.test(new Rejection(path, RejectReason.UNREADABLE_FILE, e instanceof AccessDeniedException
                                ? "permission denied: give the importing user read access"
                                : "cannot be read: " + e.getMessage()));
                    }
                    return go ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                }
            });
        } catch (IOException e) {
            skipped.test(new Rejection(root, RejectReason.UNREADABLE_FILE, "cannot be walked: " + e.getMessage()));
        }
    }

    /** Walks {@code root} and reads every file on all cores; results are in walk order. */
    public List<ReadResult> readTree(Path root) {
        FileWalk walk = walk(root);
        List<ReadResult> results = new ArrayList<>(walk.skipped());
        walk.files().parallelStream().map(this::read).forEachOrdered(results::addAll);
        return results;
    }

    private static String notACertificate(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks") || name.endsWith(".p7b")
                || name.endsWith(".der") || name.endsWith(".cer") || name.endsWith(".crt") || name.endsWith(".pem")) {
            return "the name says certificate but the content is not PEM, DER, PKCS#7, PKCS#12 or JKS:"
                    + " the file may be damaged; re-export it";
        }
        return "the content is not PEM, DER, PKCS#7, PKCS#12 or JKS";
    }

    private List<ReadResult> tooLarge(Path file, long size) {
        return reject(file, RejectReason.TOO_LARGE, "is " + size + " bytes, over the " + limits.maxFileBytes()
                + "-byte limit; split it or raise the file size limit");
    }

    private static List<ReadResult> reject(Path file, RejectReason reason, String message) {
        return List.of(new Rejection(file, reason, message));
    }
}
