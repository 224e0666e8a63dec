package io.certatlas.x509;

import java.util.Map;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Null;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Java (JCA) names for the algorithm identifiers of certificates: {@code SHA256withRSA},
 * {@code SHA384withECDSA}, {@code SHA256withRSAandMGF1} for RSASSA-PSS with SHA-256, and so on.
 * An identifier CertAtlas does not know is shown as its dotted OID.
 */
final class AlgorithmNames {

    static final String PSS_OID = "1.2.840.113549.1.1.10";

    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("1.2.840.113549.1.1.2", "MD2withRSA"),
            Map.entry("1.2.840.113549.1.1.3", "MD4withRSA"),
            Map.entry("1.2.840.113549.1.1.4", "MD5withRSA"),
            Map.entry("1.2.840.113549.1.1.5", "SHA1withRSA"),
            Map.entry("1.3.14.3.2.29", "SHA1withRSA"),
            Map.entry("1.2.840.113549.1.1.14", "SHA224withRSA"),
            Map.entry("1.2.840.113549.1.1.11", "SHA256withRSA"),
            Map.entry("1.2.840.113549.1.1.12", "SHA384withRSA"),
            Map.entry("1.2.840.113549.1.1.13", "SHA512withRSA"),
            Map.entry("2.16.840.1.101.3.4.3.13", "SHA3-224withRSA"),
            Map.entry("2.16.840.1.101.3.4.3.14", "SHA3-256withRSA"),
            Map.entry("2.16.840.1.101.3.4.3.15", "SHA3-384withRSA"),
            Map.entry("2.16.840.1.101.3.4.3.16", "SHA3-512withRSA"),
            Map.entry("1.2.840.10045.4.1", "SHA1withECDSA"),
            Map.entry("1.2.840.10045.4.3.1", "SHA224withECDSA"),
            Map.entry("1.2.840.10045.4.3.2", "SHA256withECDSA"),
            Map.entry("1.2.840.10045.4.3.3", "SHA384withECDSA"),
            Map.entry("1.2.840.10045.4.3.4", "SHA512withECDSA"),
            Map.entry("1.2.840.10040.4.3", "SHA1withDSA"),
            Map.entry("2.16.840.1.101.3.4.3.1", "SHA224withDSA"),
            Map.entry("2.16.840.1.101.3.4.3.2", "SHA256withDSA"),
            Map.entry("1.3.101.112", "Ed25519"),
            Map.entry("1.3.101.113", "Ed448"),
            Map.entry("1.2.643.2.2.3", "GOST3411withGOST3410-2001"));

    private static final Map<String, String> KEYS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            PSS_OID, "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.2.840.10040.4.1", "DSA",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448");

    private static final Map<String, String> DIGESTS = Map.of(
            "1.3.14.3.2.26", "SHA1",
            "2.16.840.1.101.3.4.2.4", "SHA224",
            "2.16.840.1.101.3.4.2.1", "SHA256",
            "2.16.840.1.101.3.4.2.2", "SHA384",
            "2.16.840.1.101.3.4.2.3", "SHA512");

    private AlgorithmNames() {
    }

    static String signature(AlgorithmIdentifier algorithm) {
        String oid = algorithm.getAlgorithm().getId();
        if (PSS_OID.equals(oid)) {
            return pssName(algorithm.getParameters());
        }
        return SIGNATURES.getOrDefault(oid, oid);
    }

    static String publicKey(AlgorithmIdentifier algorithm) {
        String oid = algorithm.getAlgorithm().getId();
        return KEYS.getOrDefault(oid, oid);
    }

    /** True for digests too weak to sign with: MD2, MD4, MD5, SHA-1. */
    static boolean weakDigest(String signatureName) {
        return signatureName.startsWith("MD2") || signatureName.startsWith("MD4")
                || signatureName.startsWith("MD5") || signatureName.startsWith("SHA1");
    }

    private static String pssName(ASN1Encodable parameters) {
        // RFC 4055: absent parameters mean SHA-1 for both hash and MGF1.
        if (parameters == null || parameters instanceof ASN1Null) {
            return "SHA1withRSAandMGF1";
        }
        try {
            RSASSAPSSparams params = RSASSAPSSparams.getInstance(parameters);
            String digest = DIGESTS.getOrDefault(params.getHashAlgorithm().getAlgorithm().getId(), "UNKNOWN");
            return digest + "withRSAandMGF1";
        } catch (RuntimeException e) {
            return "RSASSA-PSS";
        }
    }
}
