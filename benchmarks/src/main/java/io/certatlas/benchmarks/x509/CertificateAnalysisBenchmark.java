package io.certatlas.benchmarks.x509;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.certatlas.x509.CertificateAnalyzer;
import io.certatlas.x509.CertificateFacts;
import io.certatlas.x509.MalformedCertificateException;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import io.certatlas.x509.read.CertificateFiles;
import io.certatlas.x509.read.ReadLimits;
import io.certatlas.x509.read.ReadResult;

/**
 * Parse-and-analyse cost of one DER certificate ({@link CertificateAnalyzer#analyze(byte[])},
 * SHA-256 included), on a mix of 1,024 server certificates (RSA 2048 and EC P-256 leaves with
 * SANs, key usage, EKU), beside the same from PEM text as an import reads it, the SHA-256 alone
 * and the JDK's CertificateFactory parse for scale.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CertificateAnalysisBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CertificateAnalysisBenchmark {

    private static final int CERTIFICATES = 1024;

    private List<byte[]> ders;
    private CertificateAnalyzer analyzer;
    private CertificateFactory factory;
    private CertificateFiles files;
    private List<byte[]> pems;
    private static final Path PEM_PATH = Path.of("bench.pem");
    private int next;

    @Setup(Level.Trial)
    public void issueCertificates() throws Exception {
        Issuer root = Issuer.selfSigned(CertificateSpec.authority("Bench Root"));
        Issuer intermediate = root.issueAuthority(CertificateSpec.authority("Bench Intermediate").withPathLength(0));
        KeyPair rsa = KeyType.RSA_2048.generate();
        KeyPair ec = KeyType.EC_P256.generate();
        ders = new ArrayList<>(CERTIFICATES);
        for (int i = 0; i < CERTIFICATES; i++) {
            String host = "host" + i + ".bench.example";
            CertificateSpec spec = CertificateSpec.leaf(host).withOrganization("Bench Org")
                    .withOrganizationalUnits("Ops").withPlace("Delft", "Zuid-Holland", "NL")
                    .withDnsNames(host, "www." + host).withIpAddresses("10.0." + (i / 256) + "." + (i % 256));
            ders.add(intermediate.issue(spec, i % 2 == 0 ? rsa : ec).der());
        }
        // The JDK trust store is the real-life public-root index the analyzer consults.
        analyzer = new CertificateAnalyzer(TrustAnchors.jdkDefault(), io.certatlas.x509.EvPolicies.standard());
        factory = CertificateFactory.getInstance("X.509");
        files = new CertificateFiles(analyzer, ReadLimits.defaults(), List.of());
        Base64.Encoder mime = Base64.getMimeEncoder(64, new byte[] {'\n'});
        pems = new ArrayList<>(CERTIFICATES);
        for (byte[] der : ders) {
            pems.add(("-----BEGIN CERTIFICATE-----\n" + mime.encodeToString(der) + "\n-----END CERTIFICATE-----\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    private byte[] nextDer() {
        next = (next + 1) & (CERTIFICATES - 1);
        return ders.get(next);
    }

    @Benchmark
    public CertificateFacts analyze() throws MalformedCertificateException {
        return analyzer.analyze(nextDer());
    }

    /**
     * What an import does per PEM file before the database: find the block, decode base64,
     * parse and analyse (the file read itself and the row encoding are not included).
     */
    @Benchmark
    public List<ReadResult> pemFileReadAndAnalyze() {
        next = (next + 1) & (CERTIFICATES - 1);
        return files.read(PEM_PATH, pems.get(next));
    }

    @Benchmark
    public byte[] sha256Only() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(nextDer());
    }

    @Benchmark
    public X509Certificate jdkCertificateFactoryParse() throws Exception {
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(nextDer()));
    }
}
