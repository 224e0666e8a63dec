package io.certatlas.x509.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.keys.testing.WeakCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.junit.jupiter.api.Test;

/** The key found by stepping over the fields is the key a full parse finds, and hostile bytes never make it throw. */
class SpkiLocatorTest {

    static List<byte[]> certificates() throws Exception {
        List<byte[]> ders = new ArrayList<>();
        WeakCertificates.shared().cases().values().forEach(c -> ders.add(c.certificate().der()));
        ders.add(WeakCertificates.shared().ca().certificate().der());
                // The machine's CA roots, when it has them: RSA, EC and DSA keys, old and new encodings.
        Path roots = Path.of("/etc/ssl/certs/ca-certificates.crt");
        if (Files.isReadable(roots)) {
            try (InputStream in = Files.newInputStream(roots)) {
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ders.add(c.getEncoded());
                }
            }
        }
        return ders;
    }

    static Optional<byte[]> fullParse(byte[] der) {
        try {
            return Optional.of(Certificate.getInstance(ASN1Primitive.fromByteArray(der)).getSubjectPublicKeyInfo()
                    .getEncoded(ASN1Encoding.DER));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Test
    void findsTheSameKeyAsAFullParse() throws Exception {
        List<byte[]> ders = certificates();
        assertThat(ders).hasSizeGreaterThan(10);
        for (byte[] der : ders) {
            assertThat(SpkiLocator.find(der)).as("SPKI located").isPresent();
            assertThat(SpkiLocator.find(der).get()).isEqualTo(fullParse(der).orElseThrow());
        }
    }

    @Test
    void truncatedAndAlteredCertificatesNeverThrowAndNeverGiveAnotherKey() throws Exception {
        Random random = new Random(25);
        List<byte[]> ders = certificates().subList(0, 12);
        for (byte[] der : ders) {
            List<byte[]> hostile = new ArrayList<>();
            for (int cut = 0; cut < der.length; cut += 7) {
                hostile.add(Arrays.copyOf(der, cut));
            }
            for (int i = 0; i < 300; i++) {
                byte[] altered = der.clone();
                altered[random.nextInt(Math.min(altered.length, 400))] = (byte) random.nextInt(256);
                hostile.add(altered);
            }
            byte[] indefinite = der.clone();
            indefinite[1] = (byte) 0x80;
            hostile.add(indefinite);
            for (byte[] bytes : hostile) {
                assertThatNoException().isThrownBy(() -> SpkiLocator.find(bytes));
                Optional<byte[]> full = fullParse(bytes);
                if (full.isPresent()) {
                    // Whatever the full parse accepts, both ways read the same key from it, or neither can.
                    String expected;
                    try {
                        expected = SubjectKey.ofSpki(full.get()).spkiSha256();
                    } catch (MalformedCertificateException e) {
                        expected = "unreadable";
                    }
                    assertThat(keyOf(bytes)).startsWith(expected);
                }
            }
        }
    }

    static String keyOf(byte[] der) {
        try {
            return SubjectKey.ofCertificate(der).spkiSha256();
        } catch (MalformedCertificateException e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
