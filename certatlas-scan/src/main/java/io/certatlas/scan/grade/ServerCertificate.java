package io.certatlas.scan.grade;

import io.certatlas.scan.finding.ChainAssessment;
import io.certatlas.scan.finding.ChainIssue;
import io.certatlas.x509.CertificateFacts;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The certificate facts the grade needs about the served leaf.
 *
 * @param publicKeyAlgorithm "RSA", "EC", "DSA", "Ed25519"...
 * @param keySize            modulus or curve size in bits
 * @param signatureAlgorithm e.g. "SHA256withRSA", "MD5withRSA"
 * @param trustProblems      why the chain is not trusted (empty when trusted): self-signed, expired, unknown issuer...
 * @param debianWeakKey      the key is one of the Debian OpenSSL flaw keys (CVE-2008-0166)
 */
public record ServerCertificate(String publicKeyAlgorithm, int keySize, String signatureAlgorithm, List<String> trustProblems,
                                boolean debianWeakKey) {

    public ServerCertificate {
        Objects.requireNonNull(publicKeyAlgorithm, "publicKeyAlgorithm");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        trustProblems = List.copyOf(trustProblems);
        if (keySize < 0) {
            throw new IllegalArgumentException("keySize must not be negative, got " + keySize);
        }
    }

    /** The trust problems that give T: the chain does not lead to a trusted root, or is out of its dates. */
    private static final Set<ChainIssue.Kind> TRUST_PROBLEMS = EnumSet.of(ChainIssue.Kind.SELF_SIGNED, ChainIssue.Kind.UNTRUSTED,
            ChainIssue.Kind.CHAIN_INCOMPLETE, ChainIssue.Kind.EXPIRED, ChainIssue.Kind.NOT_YET_VALID);

    /**
     * The served leaf as the grade sees it: its key and signature, and every reason its chain is
     * not trusted. {@code facts} are the served chain's analysis, leaf first (empty when the leaf
     * cannot be parsed). Used by the scanner and by the server when it grades a posted endpoint.
     */
    public static ServerCertificate served(ChainAssessment assessment, List<CertificateFacts> facts) {
        List<String> problems = new ArrayList<>(assessment.issues().stream()
                .filter(issue -> TRUST_PROBLEMS.contains(issue.kind())).map(ChainIssue::detail).toList());
        if (!assessment.trusted() && problems.isEmpty()) {
            problems.add("the chain does not lead to a trusted root");
        }
        if (facts.isEmpty()) {
            // Without a parsable leaf there is no key to weigh; a zero-bit key grades as the weakest, which it is.
            problems.add("the served certificate cannot be parsed");
            return new ServerCertificate("unknown", 0, "unknown", problems, false);
        }
        CertificateFacts leaf = facts.getFirst();
        return new ServerCertificate(leaf.publicKeyAlgorithm(), leaf.keySize(), leaf.signatureAlgorithm(), problems, false);
    }

    public static ServerCertificate trustedRsa(int bits) {
        return new ServerCertificate("RSA", bits, "SHA256withRSA", List.of(), false);
    }

    public boolean trusted() {
        return trustProblems.isEmpty();
    }

    /**
     * The key's strength as an RSA modulus size (NIST SP 800-57 Part 1 table 2), which is the
     * scale the rating guide's key exchange thresholds use.
     */
    public int rsaEquivalentBits() {
        String alg = publicKeyAlgorithm.toUpperCase(Locale.ROOT);
        if (alg.startsWith("EC") || alg.equals("ED25519") || alg.equals("ED448")) {
            int bits = alg.equals("ED25519") ? 256 : alg.equals("ED448") ? 448 : keySize;
            if (bits >= 512) {
                return 15360;
            }
            if (bits >= 384) {
                return 7680;
            }
            if (bits >= 256) {
                return 3072;
            }
            if (bits >= 224) {
                return 2048;
            }
            return bits >= 160 ? 1024 : 512;
        }
        return keySize;
    }

    public boolean md5OrMd2Signature() {
        String s = signatureAlgorithm.toUpperCase(Locale.ROOT);
        return s.contains("MD5") || s.contains("MD2");
    }

    public boolean sha1Signature() {
        String s = signatureAlgorithm.toUpperCase(Locale.ROOT).replace("-", "");
        return s.contains("SHA1WITH") || s.startsWith("SHA1") || s.contains("WITHSHA1");
    }
}
