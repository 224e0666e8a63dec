package io.certatlas.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.certatlas.x509.testing.TestPki;

/**
 * Every certificate of the machine's trust store is analysed; for a sample, the facts are compared
 * field by field with what {@code openssl x509 -text} says about the same certificate.
 */
class TrustStoreAgainstOpensslTest {

    private static final Path MOZILLA = Path.of("/usr/share/ca-certificates/mozilla");
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("sha1WithRSAEncryption", "SHA1withRSA"),
            Map.entry("sha256WithRSAEncryption", "SHA256withRSA"),
            Map.entry("sha384WithRSAEncryption", "SHA384withRSA"),
            Map.entry("sha512WithRSAEncryption", "SHA512withRSA"),
            Map.entry("md5WithRSAEncryption", "MD5withRSA"),
            Map.entry("ecdsa-with-SHA256", "SHA256withECDSA"),
            Map.entry("ecdsa-with-SHA384", "SHA384withECDSA"),
            Map.entry("ecdsa-with-SHA512", "SHA512withECDSA"));
    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "rsaEncryption", "RSA", "id-ecPublicKey", "EC", "dsaEncryption", "DSA", "ED25519", "Ed25519");
    private static final Map<String, String> KEY_USAGES = Map.of(
            "Digital Signature", "digitalSignature", "Non Repudiation", "nonRepudiation",
            "Key Encipherment", "keyEncipherment", "Data Encipherment", "dataEncipherment",
            "Key Agreement", "keyAgreement", "Certificate Sign", "keyCertSign", "CRL Sign", "cRLSign",
            "Encipher Only", "encipherOnly", "Decipher Only", "decipherOnly");
    private static final DateTimeFormatter OPENSSL_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ENGLISH);

    private final CertificateAnalyzer analyzer = CertificateAnalyzer.standard();

    @Test
    void everyTrustStoreCertificateParsesAndASampleAgreesWithOpenssl() throws Exception {
        List<byte[]> ders = trustStoreCertificates();
        assertThat(ders).hasSizeGreaterThan(50);
        List<CertificateFacts> all = new ArrayList<>();
        for (byte[] der : ders) {
            all.add(analyzer.analyze(der));
        }
        assertThat(all).allSatisfy(f -> {
            assertThat(f.type()).isEqualTo(CertificateType.ROOT);
            assertThat(f.selfSigned()).isTrue();
            assertThat(f.keySize()).isPositive();
        });

        Assumptions.assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed at " + OPENSSL);
        List<byte[]> sample = new ArrayList<>();
        int step = Math.max(1, ders.size() / 20);
        for (int i = 0; i < ders.size() && sample.size() < 20; i += step) {
            sample.add(ders.get(i));
        }
        // Roots rarely carry alternative names or extended key usage: add leaves that do.
        TestPki pki = TestPki.shared();
        sample.add(pki.leaf().der());
        sample.add(pki.wildcard().der());
        sample.add(pki.ecdsaP384().der());
        sample.add(pki.sha1Signature().der());
        for (byte[] der : sample) {
            compareWithOpenssl(analyzer.analyze(der), der);
        }
    }

    private void compareWithOpenssl(CertificateFacts f, byte[] der) throws Exception {
        String text = openssl(der);
        String what = "certificate " + f.subject().dn() + " (openssl says:\n" + text + ")";

        Matcher serial = Pattern.compile("Serial Number:\\s*(?:(\\d+) \\(0x[0-9a-f]+\\)|\\n\\s*([0-9a-f:]+))").matcher(text);
        assertThat(serial.find()).as(what).isTrue();
        BigInteger expectedSerial = serial.group(1) != null ? new BigInteger(serial.group(1))
                : new BigInteger(serial.group(2).replace(":", ""), 16);
        assertThat(new BigInteger(f.serialNumber(), 16)).as(what).isEqualTo(expectedSerial);

        assertName(f.subject(), block(text, "Subject:"), what);
        assertName(f.issuer(), block(text, "Issuer:"), what);

        assertThat(f.validFrom()).as(what).isEqualTo(time(field(text, "Not Before: (.+)")));
        assertThat(f.validTo()).as(what).isEqualTo(time(field(text, "Not After : (.+)")));
        assertThat(f.publicKeyAlgorithm()).as(what)
                .isEqualTo(KEY_ALGORITHMS.get(field(text, "Public Key Algorithm: (\\S+)")));
        assertThat(f.keySize()).as(what).isEqualTo(Integer.parseInt(field(text, "Public-Key: \\((\\d+) bit\\)")));
        assertThat(f.signatureAlgorithm()).as(what)
                .isEqualTo(SIGNATURES.get(field(text, "Signature Algorithm: (\\S+)")));

        Map<String, List<String>> sans = new LinkedHashMap<>();
        String sanLine = nextLineAfter(text, "X509v3 Subject Alternative Name:");
        if (!sanLine.isEmpty()) {
            for (String entry : sanLine.split(", ")) {
                String kind = entry.startsWith("DNS:") ? "DNS Name" : entry.startsWith("IP Address:") ? "IP Address"
                        : entry.startsWith("email:") ? "Email Address" : entry.startsWith("URI:") ? "URI" : entry;
                sans.computeIfAbsent(kind, k -> new ArrayList<>()).add(entry.substring(entry.indexOf(':') + 1));
            }
        }
        assertThat(f.subjectAlternativeNames()).as(what).isEqualTo(sans);

        List<String> usages = new ArrayList<>();
        String usageLine = nextLineAfter(text, "X509v3 Key Usage:");
        if (!usageLine.isEmpty()) {
            for (String name : usageLine.split(", ")) {
                usages.add(KEY_USAGES.getOrDefault(name, name));
            }
        }
        assertThat(f.keyUsage()).as(what).containsExactlyInAnyOrderElementsOf(usages);
    }

    private static void assertName(DistinguishedName name, Map<String, List<String>> openssl, String what) {
        assertThat(name.name()).as(what).isEqualTo(first(openssl, "commonName"));
        assertThat(name.organization()).as(what).isEqualTo(first(openssl, "organizationName"));
        assertThat(name.country()).as(what).isEqualTo(first(openssl, "countryName"));
        assertThat(name.organizationUnit()).as(what)
                .isEqualTo(openssl.getOrDefault("organizationalUnitName", List.of()));
    }

    private static String first(Map<String, List<String>> parts, String key) {
        List<String> values = parts.getOrDefault(key, List.of());
        return values.isEmpty() ? "" : values.get(0);
    }

    /** The "key = value" lines openssl's multiline name format prints under a heading. */
    private static Map<String, List<String>> block(String text, String heading) {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().equals(heading)) {
                for (int j = i + 1; j < lines.length && lines[j].contains(" = "); j++) {
                    String line = lines[j].strip();
                    int eq = line.indexOf(" = ");
                    parts.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                            .add(line.substring(eq + 3));
                }
                return parts;
            }
        }
        throw new AssertionError("openssl output has no '" + heading + "' block");
    }

    private static String nextLineAfter(String text, String heading) {
        int at = text.indexOf(heading);
        if (at < 0) {
            return "";
        }
        int start = text.indexOf('\n', at) + 1;
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    private static String field(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError("openssl output has no match for " + regex);
        }
        return m.group(1).strip();
    }

    private static Instant time(String opensslTime) {
        return LocalDateTime.parse(opensslTime, OPENSSL_TIME).toInstant(ZoneOffset.UTC);
    }

    private static String openssl(byte[] der) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(OPENSSL.toString(), "x509", "-inform", "DER", "-text", "-noout",
                "-nameopt", "multiline,-esc_msb,utf8").redirectErrorStream(true).start();
        process.getOutputStream().write(der);
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish within 20 s");
        }
        assertThat(process.exitValue()).as("openssl exit status").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static List<byte[]> trustStoreCertificates() throws Exception {
        List<byte[]> ders = new ArrayList<>();
        if (Files.isDirectory(MOZILLA)) {
            try (Stream<Path> files = Files.list(MOZILLA)) {
                for (Path file : files.filter(p -> p.toString().endsWith(".crt")).sorted().toList()) {
                    String pem = Files.readString(file, StandardCharsets.US_ASCII);
                    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                    ders.add(Base64.getDecoder().decode(body));
                }
            }
            return ders;
        }
        for (X509Certificate cert : TrustAnchors.jdkDefault().certificates()) {
            ders.add(cert.getEncoded());
        }
        return ders;
    }
}
