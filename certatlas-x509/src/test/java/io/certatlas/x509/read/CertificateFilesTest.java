package io.certatlas.x509.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.testing.TestPki;

class CertificateFilesTest {

    private final TestPki pki = TestPki.shared();
    private final CertificateFiles files = CertificateFiles.standard();

    @TempDir
    Path dir;

    private static List<String> names(List<ReadResult> results) {
        return results.stream().map(r -> switch (r) {
            case CertificateRead read -> read.facts().subject().name();
            case Rejection rejection -> rejection.reason() + ": " + rejection.message();
        }).toList();
    }

    private static Rejection onlyRejection(List<ReadResult> results) {
        assertThat(results).hasSize(1).first().isInstanceOf(Rejection.class);
        return (Rejection) results.get(0);
    }

    @Test
    void pemBundleWithTextKeysAndTrustedCertificatesAroundItYieldsEveryCertificate() throws Exception {
        String trusted = "-----BEGIN TRUSTED CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(concat(pki.root().der(), new byte[] {0x30, 0x03, 0x0c, 0x01, 'x'}))
                + "\n-----END TRUSTED CERTIFICATE-----\n";
        String text = "Subject: whatever\r\nsome notes\n" + pki.leaf().pem().replace("\n", "\r\n")
                + "junk between\n" + pki.leaf().privateKeyPem()
                + pki.intermediate().pem().replace("CERTIFICATE", "X509 CERTIFICATE") + trusted + "trailing text";
        Path file = Files.writeString(dir.resolve("bundle.txt"), text);
        assertThat(names(files.read(file))).containsExactly("localhost", pki.intermediate().certificate()
                .getSubjectX500Principal().getName().replaceAll(",.*", "").substring(3), pki.root().certificate()
                .getSubjectX500Principal().getName().replaceAll(",.*", "").substring(3));
    }

    @Test
    void pemHeaderLinesAndStrayWhitespaceInsideABlockAreSkippedAndBadBase64IsNamed() throws Exception {
        String pem = pki.leaf().pem();
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        String withHeaders = "-----BEGIN CERTIFICATE-----\nComment: exported by hand\nProc-Type: none\n\n"
                + body.replace("\n", " \t\r\n") + "-----END CERTIFICATE-----\n";
        assertThat(names(files.read(Files.writeString(dir.resolve("headers.pem"), withHeaders))))
                .containsExactly("localhost");

        String broken = "-----BEGIN CERTIFICATE-----\n" + body.substring(0, 10) + "%" + body.substring(11)
                + "-----END CERTIFICATE-----\n";
        Rejection rejection = onlyRejection(files.read(Files.writeString(dir.resolve("broken.pem"), broken)));
        assertThat(rejection.reason()).isEqualTo(RejectReason.MALFORMED_PEM);
        assertThat(rejection.message()).contains("block 1 (CERTIFICATE)")
                .contains("it holds '%', which is not a base64 character");

        String cut = "-----BEGIN CERTIFICATE-----\n" + body.substring(0, body.length() - 8) + "\n-----END CERTIFICATE-----\n";
        Rejection cutShort = onlyRejection(files.read(Files.writeString(dir.resolve("cut.pem"), cut)));
        assertThat(cutShort.reason()).isEqualTo(RejectReason.MALFORMED_PEM);
        assertThat(cutShort.message()).contains("cut short");
    }

    @Test
    void derAndPkcs7InBothEncodingsAreReadByContentWhateverTheName() throws Exception {
        Path der = Files.write(dir.resolve("leaf.pem"), pki.leaf().der());
        assertThat(names(files.read(der))).containsExactly("localhost");

        byte[] p7b = CertificateFactory.getInstance("X.509")
                .generateCertPath(List.<X509Certificate>of(pki.leaf().certificate(), pki.intermediate().certificate()))
                .getEncoded("PKCS7");
        Path binary = Files.write(dir.resolve("chain.p7b"), p7b);
        assertThat(files.read(binary)).hasSize(2).allMatch(r -> r instanceof CertificateRead);
        Path pem = Files.writeString(dir.resolve("chain.p7c"), "-----BEGIN PKCS7-----\n"
                + Base64.getMimeEncoder().encodeToString(p7b) + "\n-----END PKCS7-----\n");
        assertThat(files.read(pem)).hasSize(2).allMatch(r -> r instanceof CertificateRead);
        assertThat(files.read(pem)).map(r -> ((CertificateRead) r).facts().certhash()).containsExactlyInAnyOrder(
                CertificateAnalyzer.standard().analyze(pki.leaf().der()).certhash(),
                CertificateAnalyzer.standard().analyze(pki.intermediate().der()).certhash());
    }

    @Test
    void pkcs12OpensWithTheRightPasswordAndIsRejectedWithAWrongOne() {
        Path p12 = pki.writeKeyStore(dir.resolve("server.p12"), TestPki.Case.GOOD, "PKCS12", "s3cret").path();
        Rejection rejection = onlyRejection(files.read(p12));
        assertThat(rejection.reason()).isEqualTo(RejectReason.WRONG_PASSWORD);
        assertThat(rejection.message()).contains("give its password");

        CertificateFiles withPassword = new CertificateFiles(CertificateAnalyzer.standard(), ReadLimits.defaults(),
                List.of("wrong", "s3cret"));
        assertThat(names(withPassword.read(p12))).hasSize(2).first().isEqualTo("localhost");
    }

    @Test
    void pkcs12WithTheDefaultPasswordNeedsNoPassword() {
        Path p12 = pki.writeKeyStore(dir.resolve("server.pfx"), TestPki.Case.GOOD, "PKCS12", "changeit").path();
        assertThat(files.read(p12)).hasSize(2).allMatch(r -> r instanceof CertificateRead);
    }

    @Test
    void javaKeyStoreCertificatesAreReadEvenWithoutItsPassword() {
        Path jks = pki.writeKeyStore(dir.resolve("server.jks"), TestPki.Case.ECDSA_P256, "JKS", "unknown").path();
        assertThat(names(files.read(jks))).hasSize(2).first().isEqualTo("localhost");
    }

    @Test
    void nonCertificateFilesAreRejectedWithTheirReason() throws Exception {
        Path key = Files.writeString(dir.resolve("server.key"), pki.leaf().privateKeyPem());
        assertThat(onlyRejection(files.read(key)).message()).contains("PRIVATE KEY").contains("no certificate");
        assertThat(onlyRejection(files.read(Files.writeString(dir.resolve("notes.txt"), "hello"))).reason())
                .isEqualTo(RejectReason.NOT_A_CERTIFICATE);
        assertThat(onlyRejection(files.read(Files.write(dir.resolve("empty.crt"), new byte[0]))).reason())
                .isEqualTo(RejectReason.NOT_A_CERTIFICATE);
        assertThat(onlyRejection(files.read(dir.resolve("missing.crt"))).reason()).isEqualTo(RejectReason.UNREADABLE_FILE);
        byte[] truncated = java.util.Arrays.copyOf(pki.leaf().der(), 200);
        Rejection broken = onlyRejection(files.read(Files.write(dir.resolve("broken.der"), truncated)));
        assertThat(broken.reason()).isEqualTo(RejectReason.MALFORMED_DER);
        Rejection cut = onlyRejection(files.read(Files.writeString(dir.resolve("cut.pem"),
                pki.leaf().pem().substring(0, 300))));
        assertThat(cut.reason()).isEqualTo(RejectReason.MALFORMED_PEM);
        assertThat(cut.message()).contains("truncated");
    }

    @Test
    void limitsOnSizeAndCountAreEnforced() throws Exception {
        CertificateFiles tight = new CertificateFiles(CertificateAnalyzer.standard(), new ReadLimits(4_000, 1), List.of());
        Path big = Files.writeString(dir.resolve("big.pem"), pki.leaf().pem() + "x".repeat(5_000));
        assertThat(onlyRejection(tight.read(big)).reason()).isEqualTo(RejectReason.TOO_LARGE);
        Path two = Files.writeString(dir.resolve("two.pem"), pki.root().pem() + pki.root().pem());
        List<ReadResult> results = tight.read(two);
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).isInstanceOf(CertificateRead.class);
        assertThat(((Rejection) results.get(1)).reason()).isEqualTo(RejectReason.TOO_MANY_CERTIFICATES);
    }

    @Test
    void directoryWalkRecursesSkipsLoopsAndReadsEverything() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(sub.resolve("leaf.pem"), pki.leaf().pem());
        Files.write(dir.resolve("a/root.der"), pki.root().der());
        Files.writeString(dir.resolve("readme.md"), "# not a certificate");
        Files.createSymbolicLink(sub.resolve("loop"), dir.resolve("a"));
        FileWalk walk = files.walk(dir);
        assertThat(walk.files()).hasSize(3);
        assertThat(walk.skipped()).singleElement().extracting(Rejection::reason).isEqualTo(RejectReason.SYMLINK_LOOP);

        List<ReadResult> all = files.readTree(dir);
        assertThat(all.stream().filter(r -> r instanceof CertificateRead)).hasSize(2);
        assertThat(all.stream().filter(r -> r instanceof Rejection rej && rej.reason() == RejectReason.NOT_A_CERTIFICATE))
                .singleElement().extracting(ReadResult::path).isEqualTo(dir.resolve("readme.md"));
    }

    @Test
    void formatIsDetectedFromContent() throws Exception {
        assertThat(CertificateFormat.detect(pki.leaf().der())).contains(CertificateFormat.DER);
        assertThat(CertificateFormat.detect(pki.leaf().pem().getBytes(StandardCharsets.US_ASCII))).contains(CertificateFormat.PEM);
        assertThat(CertificateFormat.detect(Files.readAllBytes(
                pki.writeKeyStore(dir.resolve("k.p12"), TestPki.Case.GOOD, "PKCS12", "x").path()))).contains(CertificateFormat.PKCS12);
        assertThat(CertificateFormat.detect(Files.readAllBytes(
                pki.writeKeyStore(dir.resolve("k.jks"), TestPki.Case.GOOD, "JKS", "x").path()))).contains(CertificateFormat.JKS);
        assertThat(CertificateFormat.detect("plain".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
