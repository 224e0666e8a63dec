package io.certatlas.server.certview;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stored body read back gives the same page bytes as the document it was made from, and a body
 * cut short or altered is never shown: it reads as absent, and the page builds the certificate
 * again (a body is only ever written by the server, but the database is not trusted to hand back
 * what the server wrote).
 */
class CertificateDocumentBodyTest {

    private static final CertificateDocument DOCUMENT = new CertificateDocument(
            ascii("\"certhash\":\"ab\""), ascii("\"rootIssuer\":null"), Optional.of("A".repeat(64)),
            ascii("\"type\":\"Leaf\""), 3, 2, ascii("\"lastFound\":1"), true, List.of(
                    new CertificateDocument.Served(2, new long[] {4, 9}, ascii("{\"id\":1}")),
                    new CertificateDocument.Served(1, new long[] {5}, ascii("{\"id\":2}"))));

    @Test
    void aBodyReadBackWritesTheSameBytesForEveryScope() {
        CertificateDocument read = CertificateDocument.decode(DOCUMENT.encode()).orElseThrow();
        for (Optional<Set<Long>> scope : List.of(Optional.<Set<Long>>empty(), Optional.of(Set.of(5L)),
                Optional.of(Set.of(9L, 5L)), Optional.of(Set.of(77L)))) {
            assertThat(written(read, scope)).isEqualTo(written(DOCUMENT, scope));
        }
        assertThat(written(read, Optional.of(Set.of(5L))))
                .contains("\"instanceCount\":1,\"assetCount\":1").contains("{\"id\":2}").doesNotContain("{\"id\":1}");
        assertThat(read.rootCerthash()).contains("A".repeat(64));
    }

    @Test
    void aBodyCutShortOrAlteredReadsAsAbsent() {
        byte[] body = DOCUMENT.encode();
        for (int length = 0; length < body.length; length++) {
            assertThat(CertificateDocument.decode(Arrays.copyOf(body, length))).as("cut to %d bytes", length).isEmpty();
        }
        byte[] otherFormat = body.clone();
        otherFormat[0] = 9;
        assertThat(CertificateDocument.decode(otherFormat)).isEmpty();
        // The root's certhash is the first text after two parts: its first byte made non-ASCII.
        int certhashAt = 1 + 4 + DOCUMENT.beforeRoot().length + 4 + DOCUMENT.rootUnknown().length + 2;
        byte[] notACerthash = body.clone();
        notACerthash[certhashAt] = (byte) 0xC3;
        assertThat(CertificateDocument.decode(notACerthash)).isEmpty();
        byte[] hugePart = body.clone();
        hugePart[1] = 0x7F;
        assertThat(CertificateDocument.decode(hugePart)).isEmpty();
    }

    private static String written(CertificateDocument document, Optional<Set<Long>> scope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.write(out, Optional.empty(), scope);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
