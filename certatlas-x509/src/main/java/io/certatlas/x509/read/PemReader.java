package io.certatlas.x509.read;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.certatlas.x509.CertificateAnalyzer;

/**
 * PEM text: any number of BEGIN/END blocks with any text around them (bundles, {@code openssl x509
 * -text} output, mail). Certificates come from blocks labelled {@code CERTIFICATE},
 * {@code X509 CERTIFICATE}, {@code X.509 CERTIFICATE}, {@code TRUSTED CERTIFICATE} (OpenSSL's form:
 * the certificate followed by trust settings, which are ignored) and PKCS#7 bundles labelled
 * {@code PKCS7}, {@code PKCS #7 SIGNED DATA} or {@code CMS}. Other blocks (keys, requests, CRLs)
 * are passed over; a file with only such blocks is {@link RejectReason#NOT_A_CERTIFICATE}.
 */
public final class PemReader implements CertificateReader {

    private static final Set<String> CERTIFICATE_LABELS = Set.of("CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE");
    private static final Set<String> PKCS7_LABELS = Set.of("PKCS7", "PKCS #7 SIGNED DATA", "CMS");
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private final CertificateAnalyzer analyzer;
    private final ReadLimits limits;
    private final Pkcs7Reader pkcs7;

    public PemReader(CertificateAnalyzer analyzer, ReadLimits limits) {
        this.analyzer = analyzer;
        this.limits = limits;
        this.pkcs7 = new Pkcs7Reader(analyzer, limits);
    }

    @Override
    public CertificateFormat format() {
        return CertificateFormat.PEM;
    }

    @Override
    public List<ReadResult> read(Path path, byte[] content) {
        // ISO-8859-1 maps every byte to one char, so offsets stay byte offsets and no input is invalid.
        String text = new String(content, StandardCharsets.ISO_8859_1);
        ResultCollector collector = new ResultCollector(analyzer, limits, path);
        Set<String> otherLabels = new TreeSet<>();
        int block = 0;
        int certificateBlocks = 0;
        int at = text.indexOf(BEGIN);
        while (at >= 0) {
            block++;
            int labelStart = at + BEGIN.length();
            int labelEnd = text.indexOf(DASHES, labelStart);
            int lineEnd = text.indexOf('\n', labelStart);
            if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
                collector.reject(RejectReason.MALFORMED_PEM, "block " + block + ": the BEGIN line is not closed by"
                        + " five dashes; fix the line or re-export the file");
                at = text.indexOf(BEGIN, labelStart);
                continue;
            }
            String label = text.substring(labelStart, labelEnd);
            String end = "-----END " + label + DASHES;
            int bodyStart = labelEnd + DASHES.length();
            int endAt = text.indexOf(end, bodyStart);
            if (endAt < 0) {
                collector.reject(RejectReason.MALFORMED_PEM, "block " + block + " (" + label + ") has no '" + end
                        + "' line; the file looks truncated: copy it again in full");
                break;
            }
            boolean certificate = CERTIFICATE_LABELS.contains(label) || label.equals("TRUSTED CERTIFICATE");
            boolean bundle = PKCS7_LABELS.contains(label);
            if (certificate || bundle) {
                certificateBlocks++;
                readBlock(collector, content, bodyStart, endAt, label, block);
            } else {
                otherLabels.add(label);
            }
            at = text.indexOf(BEGIN, endAt + end.length());
        }
        if (certificateBlocks == 0 && collector.isEmpty()) {
            collector.reject(RejectReason.NOT_A_CERTIFICATE, otherLabels.isEmpty()
                    ? "the file holds no PEM certificate block; expected '-----BEGIN CERTIFICATE-----'"
                    : "the file holds PEM blocks " + otherLabels + " but no certificate; export the certificate too");
        }
        return collector.results();
    }

    private void readBlock(ResultCollector collector, byte[] content, int bodyStart, int bodyEnd, String label, int block) {
        String where = "block " + block + " (" + label + ")";
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64Of(content, bodyStart, bodyEnd));
        } catch (IllegalArgumentException e) {
            collector.reject(RejectReason.MALFORMED_PEM, where + ": the base64 body is invalid (" + base64Fault(e)
                    + "); re-export the certificate");
            return;
        }
        if (PKCS7_LABELS.contains(label)) {
            pkcs7.readInto(collector, der, where);
            return;
        }
        if (label.equals("TRUSTED CERTIFICATE")) {
            int length = CertificateFormat.tlvLength(der, 0);
            if (length > 0) {
                der = Arrays.copyOf(der, length);
            }
        }
        collector.certificate(der, where);
    }

    /** The decoder's complaint in words: it names a bad character by its hex code, and a cut body by its last group. */
    private static String base64Fault(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = "Illegal base64 character ";
        if (message.startsWith(prefix)) {
            try {
                int code = Integer.parseInt(message.substring(prefix.length()).strip(), 16);
                String shown = code >= 0x21 && code < 0x7f ? "'" + (char) code + "'" : String.format("byte 0x%02x", code);
                return "it holds " + shown + ", which is not a base64 character";
            } catch (NumberFormatException ignored) {
                return message;
            }
        }
        if (message.contains("4-byte ending unit") || message.contains("enough valid bits")) {
            return "it is cut short or has characters missing: its length is not a whole number of base64 groups";
        }
        return message;
    }

    /**
     * The base64 characters of a block body: whitespace dropped, RFC 1421 header lines (Key: value)
     * skipped. One pass over the bytes (the text is ISO-8859-1, one byte a character, so text
     * offsets are byte offsets) without intermediate strings: with one certificate per file this
     * loop is a fair share of an import's time.
     */
    private static byte[] base64Of(byte[] content, int from, int to) {
        byte[] out = new byte[to - from];
        int size = 0;
        int line = from;
        while (line < to) {
            int lineEnd = line;
            boolean header = false;
            while (lineEnd < to && content[lineEnd] != '\n') {
                header |= content[lineEnd] == ':';
                lineEnd++;
            }
            if (!header) {
                for (int i = line; i < lineEnd; i++) {
                    byte b = content[i];
                    // Every base64 character is above the space; only what is not needs the full test.
                    // The decoder rejects whatever is left that is not base64.
                    if ((b & 0xff) > ' ' || !Character.isWhitespace((char) (b & 0xff))) {
                        out[size++] = b;
                    }
                }
            }
            line = lineEnd + 1;
        }
        return size == out.length ? out : Arrays.copyOf(out, size);
    }
}
