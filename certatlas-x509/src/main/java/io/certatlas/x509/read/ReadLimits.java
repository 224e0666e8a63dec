package io.certatlas.x509.read;

/**
 * Bounds on what one file may cost: its size in bytes and the number of certificates taken from
 * it. A hostile or mistaken file (a disk image, a huge bundle) is rejected, never read whole.
 */
public record ReadLimits(long maxFileBytes, int maxCertificatesPerFile) {

    public static final long DEFAULT_MAX_FILE_BYTES = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_CERTIFICATES_PER_FILE = 10_000;

    public ReadLimits {
        if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxFileBytes must be between 1 and " + (Integer.MAX_VALUE - 8)
                    + ", got " + maxFileBytes);
        }
        if (maxCertificatesPerFile < 1) {
            throw new IllegalArgumentException("maxCertificatesPerFile must be at least 1, got " + maxCertificatesPerFile);
        }
    }

    /** 16 MiB and 10,000 certificates per file. */
    public static ReadLimits defaults() {
        return new ReadLimits(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_CERTIFICATES_PER_FILE);
    }
}
