package io.certatlas.x509;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Reads one DER certificate into {@link CertificateFacts}. Parses with BouncyCastle's ASN.1
 * structures only (no {@code CertificateFactory}), so analysis costs a few microseconds plus the
 * SHA-256 of the DER; a signature is verified only for a certificate whose issuer name equals its
 * subject name. Thread-safe; one instance serves a whole import.
 *
 * <h2>Rules and formats</h2>
 * <ul>
 * <li>{@code certhash}: SHA-256 of the DER, lowercase hex.</li>
 * <li>{@code serialNumber}: lowercase hex of the serial's two's-complement bytes, no colons, with
 *     the sign-only leading zero byte dropped (so always an even number of digits, as
 *     {@code openssl x509 -serial} prints it but in lower case): serial 10 is {@code 0a}.</li>
 * <li>{@code dn}: RFC 4514 (most specific RDN first), e.g. {@code CN=WIN-890BLRMESC6,O=Example}.
 *     Name parts take the first value of each attribute; every OU is listed in order.</li>
 * <li>{@code publicKeyAlgorithm}: {@code RSA}, {@code RSASSA-PSS}, {@code EC}, {@code DSA},
 *     {@code Ed25519}, {@code Ed448}, else the OID. {@code keySize}: RSA modulus bits, EC field
 *     bits (P-256: 256, P-521: 521), DSA p bits, Ed25519 256, Ed448 456; 0 when unknown.</li>
 * <li>{@code signatureAlgorithm}: JCA names: {@code SHA256withRSA}, {@code SHA1withRSA},
 *     {@code SHA256withECDSA}, {@code SHA256withRSAandMGF1} (RSASSA-PSS), {@code Ed25519}...</li>
 * <li>{@code selfSigned}: issuer name equals subject name and the signature verifies with the
 *     certificate's own public key.</li>
 * <li>{@code ca}: basic constraints say cA; also a self-signed version 1 or 2 certificate (old
 *     roots predate extensions and are CAs by convention, RFC 5280 6.1.4 (k)).</li>
 * <li>{@code type}: {@code ROOT} when self-signed and a CA, {@code INTERMEDIATE} when a CA and not
 *     self-signed, {@code LEAF} otherwise (a self-signed server certificate is a leaf).</li>
 * <li>{@code issuerCategory}: {@code SELF_SIGNED} when self-signed; {@code PUBLIC} when the issuer
 *     is one of the configured public trust anchors (by default the JDK's cacerts), matched by the
 *     authority key identifier against the anchors' subject key identifiers, or, only when the
 *     certificate has no authority key identifier, by issuer name; otherwise {@code PRIVATE}.
 *     A leaf under a public intermediate is {@code PRIVATE} when analysed alone: analyse it with
 *     its served chain ({@link #analyzeChain}) and the public intermediate vouches for it.</li>
 * <li>{@code extendedValidation}: a non-CA certificate that carries one of the {@link EvPolicies}.</li>
 * <li>{@code subjectAlternativeNames}: keyed {@code "DNS Name"}, {@code "IP Address"} (IPv4 dotted,
 *     IPv6 in RFC 5952 short form), {@code "Email Address"}, {@code "URI"}, {@code "Directory Name"}
 *     (RFC 4514), {@code "Other Name"} ({@code oid=value}; x400Address, ediPartyName and
 *     registeredID are listed here too as {@code kind=value}); empty map when none.</li>
 * <li>{@code keyUsage}: the RFC 5280 bit names in bit order: {@code digitalSignature},
 *     {@code nonRepudiation}, {@code keyEncipherment}, {@code dataEncipherment},
 *     {@code keyAgreement}, {@code keyCertSign}, {@code cRLSign}, {@code encipherOnly},
 *     {@code decipherOnly}.</li>
 * <li>{@code enhancedKeyUsage}: RFC 5280 names ({@code serverAuth}, {@code clientAuth},
 *     {@code codeSigning}, {@code emailProtection}, {@code timeStamping}, {@code OCSPSigning},
 *     {@code anyExtendedKeyUsage}, ...), else the dotted OID.</li>
 * <li>{@code subjectKeyIdentifier} / {@code authKeyIdentifier}: lowercase hex of the key
 *     identifier octets; {@code ""} when absent.</li>
 * </ul>
 */
public final class CertificateAnalyzer {

    private static final class Standard {
        static final CertificateAnalyzer INSTANCE = new CertificateAnalyzer(TrustAnchors.jdkDefault(),
                EvPolicies.standard());
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final Provider BC = new BouncyCastleProvider();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));
    private static final Map<String, Integer> CURVE_BITS = new ConcurrentHashMap<>();
    private static final String[] KEY_USAGE_NAMES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final Map<String, String> PURPOSES = Map.ofEntries(
            Map.entry("1.3.6.1.5.5.7.3.1", "serverAuth"),
            Map.entry("1.3.6.1.5.5.7.3.2", "clientAuth"),
            Map.entry("1.3.6.1.5.5.7.3.3", "codeSigning"),
            Map.entry("1.3.6.1.5.5.7.3.4", "emailProtection"),
            Map.entry("1.3.6.1.5.5.7.3.5", "ipsecEndSystem"),
            Map.entry("1.3.6.1.5.5.7.3.6", "ipsecTunnel"),
            Map.entry("1.3.6.1.5.5.7.3.7", "ipsecUser"),
            Map.entry("1.3.6.1.5.5.7.3.8", "timeStamping"),
            Map.entry("1.3.6.1.5.5.7.3.9", "OCSPSigning"),
            Map.entry("2.5.29.37.0", "anyExtendedKeyUsage"),
            Map.entry("1.3.6.1.4.1.311.10.3.3", "serverGatedCrypto"),
            Map.entry("2.16.840.1.113730.4.1", "netscapeServerGatedCrypto"),
            Map.entry("1.3.6.1.4.1.311.20.2.2", "smartcardLogon"),
            Map.entry("1.3.6.1.5.2.3.5", "kerberosKdc"));

    private final TrustAnchors publicRoots;
    private final EvPolicies evPolicies;

    public CertificateAnalyzer(TrustAnchors publicRoots, EvPolicies evPolicies) {
        this.publicRoots = Objects.requireNonNull(publicRoots, "publicRoots");
        this.evPolicies = Objects.requireNonNull(evPolicies, "evPolicies");
    }

    /** The analyzer with the JDK's cacerts as public roots and the standard EV list. */
    public static CertificateAnalyzer standard() {
        return Standard.INSTANCE;
    }

    /**
     * Analyses one DER certificate.
     *
     * @throws MalformedCertificateException when the bytes are not one well-formed certificate
     *     (the message names the fault)
     */
    public CertificateFacts analyze(byte[] der) throws MalformedCertificateException {
        Objects.requireNonNull(der, "der");
        Certificate cert = parse(der);
        try {
            return facts(der, cert);
        } catch (RuntimeException e) {
            throw new MalformedCertificateException("the certificate structure is malformed ("
                    + describe(e) + "); it cannot be analysed", e);
        }
    }

    /** Analyses a certificate the JDK has already decoded; an undecodable one is an {@link IllegalArgumentException}. */
    public CertificateFacts analyze(X509Certificate certificate) {
        try {
            return analyze(certificate.getEncoded());
        } catch (CertificateEncodingException | MalformedCertificateException e) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal()
                    + " cannot be analysed: " + e.getMessage(), e);
        }
    }

    /**
     * Analyses a served chain (leaf first, then the extras in any order). Same facts as
     * {@link #analyze(byte[])} for each, except that a certificate whose issuer is in the chain and
     * is itself {@code PUBLIC} (or a public root) is {@code PUBLIC} too.
     */
    public List<CertificateFacts> analyzeChain(List<byte[]> chain) throws MalformedCertificateException {
        List<CertificateFacts> facts = new ArrayList<>(chain.size());
        for (byte[] der : chain) {
            facts.add(analyze(der));
        }
        return asChain(facts);
    }

    /**
     * Certificates already analysed one by one, judged as served or filed together: what
     * {@link #analyzeChain} answers for their DER, without analysing each one again (a reader
     * that analysed a bundle's certificates as it read them hands them on here).
     */
    public List<CertificateFacts> asChain(List<CertificateFacts> analysed) {
        List<CertificateFacts> facts = new ArrayList<>(analysed);
        // Each pass can only turn PRIVATE into PUBLIC, so chain-length passes reach the fixpoint.
        for (int pass = 0; pass < facts.size(); pass++) {
            boolean changed = false;
            for (int i = 0; i < facts.size(); i++) {
                CertificateFacts f = facts.get(i);
                if (f.issuerCategory() != IssuerCategory.PRIVATE) {
                    continue;
                }
                for (CertificateFacts issuer : facts) {
                    if (issuer != f && issuer.ca() && issues(issuer, f) && vouchesPublicly(issuer)) {
                        facts.set(i, withCategory(f, IssuerCategory.PUBLIC));
                        changed = true;
                        break;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return List.copyOf(facts);
    }

    private boolean vouchesPublicly(CertificateFacts issuer) {
        return issuer.issuerCategory() == IssuerCategory.PUBLIC
                || (issuer.selfSigned() && publicRoots.hasKeyId(issuer.subjectKeyIdentifier()));
    }

    private static boolean issues(CertificateFacts issuer, CertificateFacts subject) {
        if (!subject.authKeyIdentifier().isEmpty() && !issuer.subjectKeyIdentifier().isEmpty()) {
            return subject.authKeyIdentifier().equals(issuer.subjectKeyIdentifier());
        }
        return subject.issuer().dn().equals(issuer.subject().dn());
    }

    private static CertificateFacts withCategory(CertificateFacts f, IssuerCategory category) {
        return new CertificateFacts(f.certhash(), f.der(), f.serialNumber(), f.subject(), f.issuer(), f.validFrom(),
                f.validTo(), f.publicKeyAlgorithm(), f.keySize(), f.signatureAlgorithm(), f.selfSigned(), f.type(),
                category, f.extendedValidation(), f.ca(), f.subjectAlternativeNames(), f.keyUsage(),
                f.enhancedKeyUsage(), f.subjectKeyIdentifier(), f.authKeyIdentifier());
    }

    static Certificate parse(byte[] der) throws MalformedCertificateException {
        if (der.length == 0) {
            throw new MalformedCertificateException("the input is empty; expected a DER-encoded certificate");
        }
        if ((der[0] & 0xff) != 0x30) {
            throw new MalformedCertificateException(String.format(
                    "the input does not start with an ASN.1 SEQUENCE (first byte 0x%02x); it is not a DER certificate",
                    der[0] & 0xff));
        }
        try {
            ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
            Certificate cert = Certificate.getInstance(primitive);
            // Force the lazily-parsed parts now, so their faults surface here and not mid-analysis.
            cert.getTBSCertificate().getSubjectPublicKeyInfo();
            return cert;
        } catch (java.io.IOException | RuntimeException e) {
            throw new MalformedCertificateException("the DER encoding is not a valid X.509 certificate ("
                    + describe(e) + ")", e);
        }
    }

    private CertificateFacts facts(byte[] der, Certificate cert) {
        TBSCertificate tbs = cert.getTBSCertificate();
        Extensions extensions = tbs.getExtensions();
        X500Name subjectName = tbs.getSubject();
        X500Name issuerName = tbs.getIssuer();

        String ski = keyId(extensions, Extension.subjectKeyIdentifier, true);
        String aki = keyId(extensions, Extension.authorityKeyIdentifier, false);
        boolean sameName = issuerName.equals(subjectName);
        boolean selfSigned = sameName && (aki.isEmpty() || ski.isEmpty() || aki.equals(ski)) && verifiesItself(cert);

        BasicConstraints constraints = extensions == null ? null
                : BasicConstraints.fromExtensions(extensions);
        boolean ca = constraints != null ? constraints.isCA() : (selfSigned && tbs.getVersionNumber() < 3);
        CertificateType type = ca ? (selfSigned ? CertificateType.ROOT : CertificateType.INTERMEDIATE)
                : CertificateType.LEAF;
        IssuerCategory category = selfSigned ? IssuerCategory.SELF_SIGNED
                : isPublicIssuer(aki, issuerName) ? IssuerCategory.PUBLIC : IssuerCategory.PRIVATE;

        SubjectPublicKeyInfo spki = tbs.getSubjectPublicKeyInfo();
        String keyAlgorithm = AlgorithmNames.publicKey(spki.getAlgorithm());
        return new CertificateFacts(
                HEX.formatHex(SHA256.get().digest(der)),
                der,
                serialHex(tbs.getSerialNumber()),
                Rfc4514Name.parts(subjectName),
                Rfc4514Name.parts(issuerName),
                instant(tbs.getStartDate()),
                instant(tbs.getEndDate()),
                keyAlgorithm,
                keySize(keyAlgorithm, spki),
                AlgorithmNames.signature(cert.getSignatureAlgorithm()),
                selfSigned,
                type,
                category,
                !ca && isEv(extensions),
                ca,
                alternativeNames(extensions),
                keyUsage(extensions),
                extendedKeyUsage(extensions),
                ski,
                aki);
    }

    private boolean isPublicIssuer(String aki, X500Name issuerName) {
        if (!aki.isEmpty()) {
            return publicRoots.hasKeyId(aki);
        }
        return publicRoots.hasSubject(issuerName);
    }

    private boolean isEv(Extensions extensions) {
        if (extensions == null) {
            return false;
        }
        CertificatePolicies policies = CertificatePolicies.fromExtensions(extensions);
        if (policies == null) {
            return false;
        }
        for (PolicyInformation policy : policies.getPolicyInformation()) {
            if (evPolicies.isEv(policy.getPolicyIdentifier().getId())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the certificate's own key verifies its signature. The JDK's providers verify first:
     * BouncyCastle's, given an RSA key, first tests that the modulus is composite with Miller-Rabin
     * rounds, tens of full-size modular exponentiations per key, which made importing a directory
     * of RSA roots take minutes where the verification itself takes microseconds. BouncyCastle
     * verifies only what the JDK has no algorithm for.
     */
    private static boolean verifiesItself(Certificate cert) {
        X509CertificateHolder holder = new X509CertificateHolder(cert);
        try {
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(cert.getSubjectPublicKeyInfo()));
        } catch (Exception jdkCannot) {
            try {
                return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC)
                        .build(cert.getSubjectPublicKeyInfo()));
            } catch (Exception e) {
                // An unknown algorithm or broken key cannot prove the certificate signed itself.
                return false;
            }
        }
    }

    static String serialHex(ASN1Integer serial) {
        byte[] bytes = serial.getValue().toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return HEX.formatHex(bytes, 1, bytes.length);
        }
        return HEX.formatHex(bytes);
    }

    private static String keyId(Extensions extensions, ASN1ObjectIdentifier oid, boolean subject) {
        if (extensions == null) {
            return "";
        }
        Extension ext = extensions.getExtension(oid);
        if (ext == null) {
            return "";
        }
        byte[] id = subject ? SubjectKeyIdentifier.getInstance(ext.getParsedValue()).getKeyIdentifier()
                : AuthorityKeyIdentifier.getInstance(ext.getParsedValue()).getKeyIdentifierOctets();
        return id == null ? "" : HEX.formatHex(id);
    }

    private static int keySize(String algorithm, SubjectPublicKeyInfo spki) {
        try {
            return switch (algorithm) {
                case "RSA", "RSASSA-PSS" -> org.bouncycastle.asn1.pkcs.RSAPublicKey
                        .getInstance(spki.parsePublicKey()).getModulus().bitLength();
                case "EC" -> ecFieldBits(spki.getAlgorithm());
                case "DSA" -> {
                    ASN1Encodable params = spki.getAlgorithm().getParameters();
                    yield params instanceof ASN1Sequence ? DSAParameter.getInstance(params).getP().bitLength() : 0;
                }
                case "Ed25519", "X25519" -> 256;
                case "Ed448" -> 456;
                case "X448" -> 448;
                default -> 0;
            };
        } catch (java.io.IOException | RuntimeException e) {
            // A key we cannot decode has no size to report; the rest of the facts still stand.
            return 0;
        }
    }

    private static int ecFieldBits(AlgorithmIdentifier algorithm) {
        ASN1Encodable params = algorithm.getParameters();
        if (params instanceof ASN1ObjectIdentifier curve) {
            return CURVE_BITS.computeIfAbsent(curve.getId(), id -> {
                X9ECParameters named = ECNamedCurveTable.getByOID(curve);
                return named == null ? 0 : named.getCurve().getFieldSize();
            });
        }
        if (params instanceof ASN1Sequence explicit) {
            return X9ECParameters.getInstance(explicit).getCurve().getFieldSize();
        }
        return 0;
    }

    private static Map<String, List<String>> alternativeNames(Extensions extensions) {
        if (extensions == null) {
            return Map.of();
        }
        Extension ext = extensions.getExtension(Extension.subjectAlternativeName);
        if (ext == null) {
            return Map.of();
        }
        Map<String, List<String>> names = new LinkedHashMap<>();
        for (GeneralName name : GeneralNames.getInstance(ext.getParsedValue()).getNames()) {
            String kind;
            String value;
            switch (name.getTagNo()) {
                case GeneralName.dNSName -> { kind = "DNS Name"; value = Rfc4514Name.text(name.getName()); }
                case GeneralName.iPAddress -> {
                    kind = "IP Address";
                    value = ipText(ASN1OctetString.getInstance(name.getName()).getOctets());
                }
                case GeneralName.rfc822Name -> { kind = "Email Address"; value = Rfc4514Name.text(name.getName()); }
                case GeneralName.uniformResourceIdentifier -> { kind = "URI"; value = Rfc4514Name.text(name.getName()); }
                case GeneralName.directoryName -> {
                    kind = "Directory Name";
                    value = Rfc4514Name.format(X500Name.getInstance(name.getName()));
                }
                case GeneralName.otherName -> { kind = "Other Name"; value = otherName(name.getName()); }
                case GeneralName.registeredID -> { kind = "Other Name"; value = "registeredID=" + name.getName(); }
                case GeneralName.x400Address -> { kind = "Other Name"; value = "x400Address=" + hex(name.getName()); }
                default -> { kind = "Other Name"; value = "ediPartyName=" + hex(name.getName()); }
            }
            names.computeIfAbsent(kind, k -> new ArrayList<>(4)).add(value);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        names.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return frozen;
    }

    private static String otherName(ASN1Encodable value) {
        ASN1Sequence seq = ASN1Sequence.getInstance(value);
        String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
        ASN1Encodable inner = seq.getObjectAt(1);
        if (inner instanceof ASN1TaggedObject tagged) {
            inner = tagged.getExplicitBaseObject();
        }
        return oid + "=" + Rfc4514Name.text(inner);
    }

    private static String hex(ASN1Encodable value) {
        try {
            return HEX.formatHex(value.toASN1Primitive().getEncoded());
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** IPv4 dotted quad; IPv6 in RFC 5952 form (lowercase, longest zero run as ::); other lengths as hex. */
    public static String ipText(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
        }
        if (address.length != 16) {
            return HEX.formatHex(address);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened.
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static List<String> keyUsage(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        Extension ext = extensions.getExtension(Extension.keyUsage);
        if (ext == null) {
            return List.of();
        }
        DERBitString bits = DERBitString.convert(org.bouncycastle.asn1.ASN1BitString.getInstance(ext.getParsedValue()));
        byte[] bytes = bits.getBytes();
        List<String> names = new ArrayList<>(4);
        for (int bit = 0; bit < KEY_USAGE_NAMES.length; bit++) {
            int index = bit / 8;
            if (index < bytes.length && (bytes[index] & (0x80 >>> (bit % 8))) != 0) {
                names.add(KEY_USAGE_NAMES[bit]);
            }
        }
        return names;
    }

    private static List<String> extendedKeyUsage(Extensions extensions) {
        if (extensions == null) {
            return List.of();
        }
        Extension ext = extensions.getExtension(Extension.extendedKeyUsage);
        if (ext == null) {
            return List.of();
        }
        // Read the OIDs straight from the sequence: ExtendedKeyUsage builds a hash table we do not need.
        ASN1Sequence purposes = ASN1Sequence.getInstance(ext.getParsedValue());
        List<String> names = new ArrayList<>(purposes.size());
        for (ASN1Encodable purpose : purposes) {
            String oid = ASN1ObjectIdentifier.getInstance(purpose).getId();
            names.add(PURPOSES.getOrDefault(oid, oid));
        }
        return names;
    }

    /** Validity times: the DER forms (YYMMDDHHMMSSZ, YYYYMMDDHHMMSSZ) directly, anything else through BC. */
    static Instant instant(Time time) {
        ASN1Primitive primitive = time.toASN1Primitive();
        String text;
        int yearDigits;
        if (primitive instanceof ASN1UTCTime utc) {
            text = utc.toString();
            yearDigits = 2;
        } else if (primitive instanceof ASN1GeneralizedTime generalized) {
            text = generalized.getTimeString();
            yearDigits = 4;
        } else {
            return time.getDate().toInstant();
        }
        if (text.length() == yearDigits + 11 && text.charAt(text.length() - 1) == 'Z' && allDigits(text, text.length() - 1)) {
            int year = Integer.parseInt(text, 0, yearDigits, 10);
            if (yearDigits == 2) {
                // RFC 5280 4.1.2.5.1: YY >= 50 is 19YY, else 20YY.
                year += year >= 50 ? 1900 : 2000;
            }
            int p = yearDigits;
            LocalDateTime local = LocalDateTime.of(year,
                    Integer.parseInt(text, p, p + 2, 10), Integer.parseInt(text, p + 2, p + 4, 10),
                    Integer.parseInt(text, p + 4, p + 6, 10), Integer.parseInt(text, p + 6, p + 8, 10),
                    Integer.parseInt(text, p + 8, p + 10, 10));
            return local.toInstant(ZoneOffset.UTC);
        }
        return time.getDate().toInstant();
    }

    private static boolean allDigits(String text, int end) {
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is missing from this Java runtime", e);
        }
    }
}
