package io.certatlas.store.importing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Takes the certificates out of one file: PEM (any number of CERTIFICATE blocks), a single DER
 * certificate, a PKCS#12 or JKS keystore. Returns DER bytes only; analysis is the caller's.
 *
 * <p>Why here and not in certatlas-x509: the import needed a reader before the x509 module's
 * format readers were committed. When they land, this class should give way to them.
 */
public final class CertificateFileReader {

    /** No certificate file is this large; bigger files are refused before being read. */
    public static final long MAX_BYTES = 16L << 20;

    private static final byte[] PEM_BEGIN = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE");

    private final Optional<char[]> password;

    public CertificateFileReader(Optional<String> password) {
        this.password = password.map(String::toCharArray);
    }

    /** The file could not give certificates; carries the reason for the summary. */
    public static final class FileRejected extends Exception {
        private final RejectionReason reason;

        public FileRejected(RejectionReason reason, String detail) {
            super(detail);
            this.reason = reason;
        }

        public RejectionReason reason() {
            return reason;
        }
    }

    /** The DER encodings of the certificates in {@code file}, in file order. */
    public List<byte[]> read(Path file) throws FileRejected {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // One bounded read instead of a size check and a read: an import touches each file once.
            bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new FileRejected(RejectionReason.TOO_LARGE, "the file has more than " + MAX_BYTES
                        + " bytes; certificate files are at most " + (MAX_BYTES >> 20) + " MiB: leave it out of the import");
            }
        } catch (NoSuchFileException e) {
            throw new FileRejected(RejectionReason.UNREADABLE, "the file vanished while the import ran");
        } catch (IOException e) {
            throw new FileRejected(RejectionReason.UNREADABLE, "cannot read the file: " + e.getMessage());
        }
        return parse(file.getFileName() == null ? "" : file.getFileName().toString(), bytes);
    }

    List<byte[]> parse(String fileName, byte[] bytes) throws FileRejected {
        if (bytes.length == 0) {
            throw new FileRejected(RejectionReason.NO_CERTIFICATE, "the file is empty");
        }
        if (indexOf(bytes, PEM_BEGIN, 0) >= 0) {
            return pem(bytes);
        }
        int first = bytes[0] & 0xff;
        if (bytes.length >= 4 && first == 0xfe && (bytes[1] & 0xff) == 0xed && (bytes[2] & 0xff) == 0xfe
                && (bytes[3] & 0xff) == 0xed) {
            return keystore("JKS", bytes);
        }
        if (first == 0x30) {
            // Both a DER certificate and a PKCS#12 file are one SEQUENCE: a PKCS#12 starts with
            // INTEGER 3 (its version) where a certificate starts with another SEQUENCE.
            if (looksLikePkcs12(bytes)) {
                return keystore("PKCS12", bytes);
            }
            return List.of(bytes);
        }
        throw new FileRejected(RejectionReason.NO_CERTIFICATE,
                "not a certificate file: expected PEM, DER, PKCS#12 or JKS");
    }

    private static boolean looksLikePkcs12(byte[] b) {
        int i = 1;
        if (i >= b.length) {
            return false;
        }
        int len = b[i] & 0xff;
        i += (len & 0x80) != 0 ? 1 + (len & 0x7f) : 1;
        return i + 2 < b.length && b[i] == 0x02 && b[i + 1] == 0x01 && b[i + 2] == 0x03;
    }

    private static List<byte[]> pem(byte[] bytes) throws FileRejected {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<byte[]> certificates = new ArrayList<>();
        Set<String> otherLabels = new LinkedHashSet<>();
        int at = 0;
        for (int blocks = 0; blocks < 100_000; blocks++) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                break;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                break;
            }
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd + 5);
            if (end < 0) {
                throw new FileRejected(RejectionReason.MALFORMED, "the PEM block " + label + " has no END line");
            }
            if (CERTIFICATE_LABELS.contains(label)) {
                String body = text.substring(labelEnd + 5, end);
                try {
                    certificates.add(Base64.getMimeDecoder().decode(body));
                } catch (IllegalArgumentException e) {
                    throw new FileRejected(RejectionReason.MALFORMED,
                            "the PEM block " + label + " is not valid base64: " + e.getMessage());
                }
            } else {
                otherLabels.add(label);
            }
            at = end + endMarker.length();
        }
        if (certificates.isEmpty()) {
            throw new FileRejected(RejectionReason.NO_CERTIFICATE, otherLabels.isEmpty()
                    ? "a PEM file without a complete block"
                    : "a PEM file without a certificate (it holds " + String.join(", ", otherLabels) + ")");
        }
        return certificates;
    }

    private List<byte[]> keystore(String type, byte[] bytes) throws FileRejected {
        KeyStore store;
        try {
            store = KeyStore.getInstance(type);
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                store.load(in, password.orElse(type.equals("JKS") ? null : new char[0]));
            }
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof java.security.UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
            if (wrongPassword) {
                throw new FileRejected(RejectionReason.WRONG_PASSWORD, "a " + type + " keystore that "
                        + (password.isPresent() ? "the given password does not open" : "needs a password: pass --password"));
            }
            throw new FileRejected(RejectionReason.MALFORMED, "a damaged " + type + " keystore: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new FileRejected(RejectionReason.MALFORMED, "a " + type + " keystore that cannot be read: " + e.getMessage());
        }
        List<byte[]> certificates = new ArrayList<>();
        try {
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain != null) {
                    for (Certificate c : chain) {
                        certificates.add(c.getEncoded());
                    }
                } else if (store.getCertificate(alias) != null) {
                    certificates.add(store.getCertificate(alias).getEncoded());
                }
            }
        } catch (GeneralSecurityException e) {
            throw new FileRejected(RejectionReason.MALFORMED, "a " + type + " keystore entry cannot be read: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new FileRejected(RejectionReason.NO_CERTIFICATE, "a " + type + " keystore without certificates"
                    + (password.isEmpty() && type.equals("PKCS12") ? " readable without a password: pass --password" : ""));
        }
        return certificates;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
