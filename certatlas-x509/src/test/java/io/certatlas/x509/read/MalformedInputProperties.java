package io.certatlas.x509.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.chain.ChainJudge;
import io.certatlas.x509.chain.ChainVerdict;
import io.certatlas.x509.chain.PeerName;
import io.certatlas.x509.testing.PropertyTry;
import io.certatlas.x509.testing.TestPki;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Whatever bytes arrive, readers answer with certificates or typed rejections that carry a
 * reason and a message: never an exception. Inputs are random bytes and certificates damaged by
 * flipping, cutting and inserting bytes (DER) or characters (PEM). Seeded random property tests:
 * each repetition is one try, see {@link PropertyTry} for the seed and how to replay a failure.
 */
class MalformedInputProperties {

    private static final Path FILE = Path.of("fuzzed.input");
    private static final CertificateFiles FILES = CertificateFiles.standard();
    private static final byte[] LEAF_DER = TestPki.shared().leaf().der();
    private static final String CHAIN_PEM = TestPki.shared().leaf().pem() + TestPki.shared().intermediate().pem();

    @RepeatedTest(500)
    void randomBytesYieldOnlyCertificatesOrReasonedRejections(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        byte[] bytes = randomBytes(attempt.random(), 4096);
        attempt.check(HexFormat.of().formatHex(bytes), () -> assertWellFormed(FILES.read(FILE, bytes)));
    }

    @RepeatedTest(1000)
    void damagedDerIsRejectedWithAReason(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        Edits damage = damage(attempt.random(), LEAF_DER.length);
        byte[] der = damage.apply(LEAF_DER);
        attempt.check("the test leaf's DER with " + damage, () -> {
            assertWellFormed(FILES.read(FILE, der));
            try {
                CertificateAnalyzer.standard().analyze(der);
            } catch (MalformedCertificateException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    @RepeatedTest(500)
    void damagedPemIsRejectedWithAReason(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        byte[] text = CHAIN_PEM.getBytes(StandardCharsets.ISO_8859_1);
        Edits damage = damage(attempt.random(), text.length);
        attempt.check("the test chain's PEM with " + damage, () -> assertWellFormed(FILES.read(FILE, damage.apply(text))));
    }

    @RepeatedTest(200)
    void chainJudgeNeverThrowsOnDamagedLeaves(RepetitionInfo repetition) {
        PropertyTry attempt = PropertyTry.of(repetition);
        Edits damage = damage(attempt.random(), LEAF_DER.length);
        byte[] der = damage.apply(LEAF_DER);
        attempt.check("the test leaf's DER with " + damage, () -> {
            ChainVerdict verdict = new ChainJudge(TrustAnchors.of(List.of(TestPki.shared().root().certificate())))
                    .judgeDer(List.of(der, TestPki.shared().intermediate().der()), Optional.of(PeerName.dns("localhost")),
                            Instant.now());
            if (!verdict.trusted()) {
                assertThat(verdict.problems()).isNotEmpty().allSatisfy(p -> assertThat(p.message()).isNotBlank());
            }
        });
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

    /** Random bytes, a quarter of the time at most 16 of them so that short inputs are well covered. */
    private static byte[] randomBytes(RandomGenerator random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(4) == 0 ? random.nextInt(17) : random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** One to four edits, each a flip, a cut, an insertion or a truncation at a random position. */
    private static Edits damage(RandomGenerator random, int length) {
        Edit.Kind[] kinds = Edit.Kind.values();
        int count = random.nextInt(1, 5);
        List<Edit> edits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            edits.add(new Edit(kinds[random.nextInt(kinds.length)], random.nextInt(length), (byte) random.nextInt(256)));
        }
        return new Edits(List.copyOf(edits));
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
