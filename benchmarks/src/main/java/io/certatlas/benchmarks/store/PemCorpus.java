package io.certatlas.benchmarks.store;

import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.Issuer;
import io.certatlas.x509.issue.KeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * Writes N distinct leaf certificates as PEM files, one per file, 1,000 per sub-directory, for the
 * import benchmark, each with a subject, a serial and an EC P-256 key of its own, as an inventory
 * has them (one key shared by all made the import's key audit mark every certificate as a reused
 * key, a cost no real import has). One root and one issuing CA sign them; they go into {@code ca/}
 * beside them.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.certatlas.benchmarks.store.PemCorpus DIR COUNT}
 */
public final class PemCorpus {

    private PemCorpus() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PemCorpus DIRECTORY COUNT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        Issuer root = Issuer.selfSigned(CertificateSpec.authority("CertAtlas Benchmark Root").withKeyType(KeyType.EC_P256));
        Issuer issuing = root.issueAuthority(CertificateSpec.authority("CertAtlas Benchmark Issuing CA")
                .withKeyType(KeyType.EC_P256));
        Files.createDirectories(dir.resolve("ca"));
        Files.writeString(dir.resolve("ca/root.pem"), root.certificate().pem());
        Files.writeString(dir.resolve("ca/issuing.pem"), issuing.certificate().pem());
        long start = System.nanoTime();
        IntStream.range(0, count).parallel().forEach(i -> {
            String host = "host-" + i + ".bench.example";
            Path file = dir.resolve(String.format("%03d", i / 1000)).resolve(host + ".pem");
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, issuing.issue(CertificateSpec.leaf(host).withOrganization("Benchmark Corp"),
                        KeyType.EC_P256.generate()).pem(), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        System.out.printf("wrote %,d certificates in %s in %.1f s%n", count, dir, (System.nanoTime() - start) / 1e9);
    }
}
