package io.certatlas.x509.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.chain.ChainJudge;
import io.certatlas.x509.chain.ChainVerdict;
import io.certatlas.x509.chain.PeerName;
import io.certatlas.x509.testing.TestPki;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, readers answer with certificates or typed rejections that carry a
 * reason and a message: never an exception. Inputs are random bytes and certificates damaged by
 * flipping, cutting and inserting bytes (DER) or characters (PEM).
 */
class MalformedInputProperties {

    private static final Path FILE = Path.of("fuzzed.input");
    private static final CertificateFiles FILES = CertificateFiles.standard();
    private static final byte[] LEAF_DER = TestPki.shared().leaf().der();
    private static final String CHAIN_PEM = TestPki.shared().leaf().pem() + TestPki.shared().intermediate().pem();

    @Property(tries = 500)
    void randomBytesYieldOnlyCertificatesOrReasonedRejections(@ForAll @Size(max = 4096) byte[] bytes) {
        assertWellFormed(FILES.read(FILE, bytes));
    }

    @Property(tries = 1000)
    void damagedDerIsRejectedWithAReason(@ForAll("damagedDer") byte[] der) {
        assertWellFormed(FILES.read(FILE, der));
        try {
            CertificateAnalyzer.standard().analyze(der);
        } catch (MalformedCertificateException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 500)
    void damagedPemIsRejectedWithAReason(@ForAll("damagedPem") String pem) {
        assertWellFormed(FILES.read(FILE, pem.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Property(tries = 200)
    void chainJudgeNeverThrowsOnDamagedLeaves(@ForAll("damagedDer") byte[] der) {
        ChainVerdict verdict = new ChainJudge(TrustAnchors.of(List.of(TestPki.shared().root().certificate())))
                .judgeDer(List.of(der, TestPki.shared().intermediate().der()), Optional.of(PeerName.dns("localhost")),
                        Instant.now());
        if (!verdict.trusted()) {
            assertThat(verdict.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message()).isNotBlank());
        }
    }

    private static void assertWellFormed(List<ReadResult> results) {
        assertThat(results).isNotEmpty();
        for (ReadResult result : results) {
            switch (result) {
                case CertificateRead read -> assertThat(read.facts().certhash()).hasSize(64);
                case Rejection rejection -> {
                    assertThat(rejection.reason()).isNotNull();
                    assertThat(rejection.message()).isNotBlank();
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> damagedDer() {
        return damage(LEAF_DER.length).map(edit -> edit.apply(LEAF_DER));
    }

    @Provide
    Arbitrary<String> damagedPem() {
        byte[] text = CHAIN_PEM.getBytes(StandardCharsets.ISO_8859_1);
        return damage(text.length).map(edit -> new String(edit.apply(text), StandardCharsets.ISO_8859_1));
    }

    /** One to four edits, each a flip, a cut or an insertion at a random position. */
    private static Arbitrary<Edits> damage(int length) {
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.of(Edit.Kind.values()),
                Arbitraries.integers().between(0, length - 1),
                Arbitraries.bytes()).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4).map(Edits::new);
    }

    private record Edit(Kind kind, int position, byte value) {
        enum Kind { FLIP, CUT, INSERT, TRUNCATE }

        byte[] apply(byte[] input) {
            int at = Math.min(position, Math.max(0, input.length - 1));
            return switch (kind) {
                case FLIP -> {
                    byte[] out = input.clone();
                    if (out.length > 0) {
                        out[at] ^= (byte) (value == 0 ? 1 : value);
                    }
                    yield out;
                }
                case CUT -> {
                    if (input.length == 0) {
                        yield input;
                    }
                    byte[] out = new byte[input.length - 1];
                    System.arraycopy(input, 0, out, 0, at);
                    System.arraycopy(input, at + 1, out, at, input.length - at - 1);
                    yield out;
                }
                case INSERT -> {
                    byte[] out = new byte[input.length + 1];
                    System.arraycopy(input, 0, out, 0, at);
                    out[at] = value;
                    System.arraycopy(input, at, out, at + 1, input.length - at);
                    yield out;
                }
                case TRUNCATE -> java.util.Arrays.copyOf(input, at);
            };
        }
    }

    private record Edits(List<Edit> edits) {
        byte[] apply(byte[] input) {
            byte[] out = input;
            for (Edit edit : edits) {
                out = edit.apply(out);
            }
            return out;
        }
    }
}
