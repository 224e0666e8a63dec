package io.certatlas.x509.chain;

import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraintValidatorException;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.PKIXNameConstraintValidator;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;

/**
 * The checks of one candidate path ({@code [leaf, ..., anchor]}) that the JDK's PKIX validator
 * does not make: anchor validity and name constraints, full name-constraint processing with
 * BouncyCastle, the host name, key identifiers, key and signature strength, and RFC 5280 /
 * CA/Browser Forum profile rules (each rule says which one it follows).
 */
final class PathRules {

    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(
            Extension.basicConstraints.getId(), Extension.keyUsage.getId(), Extension.nameConstraints.getId(),
            Extension.policyConstraints.getId(), Extension.certificatePolicies.getId(),
            Extension.subjectAlternativeName.getId(), Extension.extendedKeyUsage.getId(),
            Extension.inhibitAnyPolicy.getId(), Extension.policyMappings.getId());
    /** Names times constraints checked at most per certificate: beyond this a chain is refused as hostile. */
    static final long MAX_NAME_CHECKS = 1L << 20;
    private static final Set<String> STRONG_CURVES = Set.of("1.2.840.10045.3.1.7", "1.3.132.0.34", "1.3.132.0.35");

    private final List<X509Certificate> path;
    private final Optional<PeerName> expectedName;
    private final Instant at;
    private final List<ChainProblem> problems = new ArrayList<>();

    PathRules(List<X509Certificate> path, Optional<PeerName> expectedName, Instant at) {
        this.path = path;
        this.expectedName = expectedName;
        this.at = at;
    }

    List<ChainProblem> check() {
        int anchorIndex = path.size() - 1;
        List<Certificate> parsed = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            try {
                Certificate cert = Certificate.getInstance(path.get(i).getEncoded());
                // Parsing the extensions here makes duplicates and broken encodings show up now.
                cert.getTBSCertificate().getExtensions();
                parsed.add(cert);
            } catch (CertificateEncodingException | RuntimeException e) {
                add(ChainProblem.Kind.MALFORMED, i, "the certificate cannot be parsed: " + e.getMessage());
                return problems;
            }
        }
        for (int i = 0; i < path.size(); i++) {
            try {
                checkCertificate(i, parsed.get(i), i == 0, i == anchorIndex && path.size() > 1);
            } catch (RuntimeException e) {
                add(ChainProblem.Kind.MALFORMED, i, "an extension cannot be parsed: " + e.getMessage());
            }
        }
        if (path.size() > 1) {
            checkNameConstraints(parsed);
        }
        expectedName.ifPresent(name -> checkPeerName(name, parsed.get(0)));
        return problems;
    }

    private void checkCertificate(int i, Certificate cert, boolean leaf, boolean anchor) {
        TBSCertificate tbs = cert.getTBSCertificate();
        Extensions ext = tbs.getExtensions();
        boolean ca = !leaf;

        Instant notBefore = tbs.getStartDate().getDate().toInstant();
        Instant notAfter = tbs.getEndDate().getDate().toInstant();
        // Validity is encoded in whole seconds, so it is compared at that granularity (floor of the time).
        Instant now = secondsOf(at);
        if (now.isBefore(notBefore)) {
            add(ChainProblem.Kind.NOT_YET_VALID, i, "not valid before " + notBefore);
        }
        if (now.isAfter(notAfter)) {
            add(ChainProblem.Kind.EXPIRED, i, "expired at " + notAfter);
        }
        if (fractional(tbs.getStartDate()) || fractional(tbs.getEndDate())) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "validity time has fractional seconds (RFC 5280 4.1.2.5.2)");
        }

        checkKey(i, tbs.getSubjectPublicKeyInfo());
        String signature = cert.getSignatureAlgorithm().getAlgorithm().getId();
        if (!anchor && weakSignature(signature)) {
            add(ChainProblem.Kind.WEAK_SIGNATURE, i, "signed with a broken digest (MD2/MD5/SHA-1, OID " + signature + ")");
        }
        if (!cert.getSignatureAlgorithm().equals(tbs.getSignature())) {
            add(ChainProblem.Kind.MALFORMED, i, "the signature algorithm inside the certificate differs from the outer one"
                    + " (RFC 5280 4.1.1.2)");
        }

        if (!anchor) {
            BigInteger serial = tbs.getSerialNumber().getValue();
            if (serial.signum() <= 0 || serial.toByteArray().length > 20) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the serial number must be positive and at most 20 octets"
                        + " (RFC 5280 4.1.2.2)");
            }
            if (tbs.getVersionNumber() != 3) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "a version " + tbs.getVersionNumber()
                        + " certificate cannot appear below a root (CA/B BR 7.1.1)");
            }
            if (tbs.getIssuer().getRDNs().length == 0) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the issuer name is empty (RFC 5280 4.1.2.4)");
            }
        }
        if (ca && tbs.getSubject().getRDNs().length == 0) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "a CA certificate has an empty subject (RFC 5280 4.1.2.6)");
        }

        Extension akiExt = ext == null ? null : ext.getExtension(Extension.authorityKeyIdentifier);
        Extension skiExt = ext == null ? null : ext.getExtension(Extension.subjectKeyIdentifier);
        if (akiExt != null && akiExt.isCritical()) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the authority key identifier is critical (RFC 5280 4.2.1.1)");
        }
        if (skiExt != null && skiExt.isCritical()) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the subject key identifier is critical (RFC 5280 4.2.1.2)");
        }
        boolean selfIssued = tbs.getIssuer().equals(tbs.getSubject());
        if (!anchor && !(selfIssued && path.size() == 1)
                && (akiExt == null || AuthorityKeyIdentifier.getInstance(akiExt.getParsedValue()).getKeyIdentifierOctets() == null)) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "no authority key identifier (RFC 5280 4.2.1.1)");
        }
        if (anchor && akiExt != null) {
            AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.getInstance(akiExt.getParsedValue());
            byte[] ski = skiExt == null ? null : ASN1OctetString.getInstance(skiExt.getParsedValue()).getOctets();
            if (aki.getKeyIdentifierOctets() == null || aki.getAuthorityCertIssuer() != null
                    || aki.getAuthorityCertSerialNumber() != null
                    || (selfIssued && ski != null && !Arrays.equals(ski, aki.getKeyIdentifierOctets()))) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the root's authority key identifier must hold only its own"
                        + " key identifier (CA/B BR 7.1.2.1.3)");
            }
        }
        if (ca && skiExt == null) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "a CA certificate without subject key identifier (RFC 5280 4.2.1.2)");
        }

        BasicConstraints constraints = ext == null ? null : BasicConstraints.fromExtensions(ext);
        KeyUsage keyUsage = ext == null ? null : KeyUsage.fromExtensions(ext);
        if (anchor) {
            Extension bc = ext == null ? null : ext.getExtension(Extension.basicConstraints);
            if (bc == null || !bc.isCritical() || constraints == null || !constraints.isCA()) {
                add(ChainProblem.Kind.NOT_A_CA, i, "the root lacks critical basic constraints with cA set (RFC 5280 4.2.1.9)");
            }
            if (keyUsage != null && !keyUsage.hasUsages(KeyUsage.keyCertSign)) {
                add(ChainProblem.Kind.NOT_A_CA, i, "the root's key usage does not allow keyCertSign");
            }
            for (ASN1ObjectIdentifier oid : ext == null ? new ASN1ObjectIdentifier[0] : ext.getCriticalExtensionOIDs()) {
                if (!UNDERSTOOD_CRITICAL.contains(oid.getId()) && !oid.equals(Extension.subjectKeyIdentifier)
                        && !oid.equals(Extension.authorityKeyIdentifier)) {
                    add(ChainProblem.Kind.UNKNOWN_CRITICAL_EXTENSION, i, "unknown critical extension " + oid);
                }
            }
        }
        if (leaf && path.size() > 1) {
            if (constraints != null && constraints.isCA()) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the server certificate is a CA certificate (CA/B BR 7.1.2.7.8)");
            }
            if (keyUsage != null && keyUsage.hasUsages(KeyUsage.keyCertSign)) {
                add(ChainProblem.Kind.KEY_USAGE, i, "the server certificate may sign certificates (keyCertSign)");
            }
            if (ext != null && ext.getExtension(Extension.nameConstraints) != null) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "name constraints in an end-entity certificate (RFC 5280 4.2.1.10)");
            }
        }
        checkExtendedKeyUsage(i, ext, leaf, anchor);
        checkAlternativeNames(i, tbs, ext, leaf);
        checkInformationAccess(i, ext);
        if (ca && ext != null && ext.getExtension(Extension.nameConstraints) != null) {
            checkNameConstraintsForm(i, NameConstraints.getInstance(ext.getExtension(Extension.nameConstraints).getParsedValue()));
        }
    }

    private void checkExtendedKeyUsage(int i, Extensions ext, boolean leaf, boolean anchor) {
        Extension ekuExt = ext == null ? null : ext.getExtension(Extension.extendedKeyUsage);
        if (ekuExt == null || anchor) {
            return;
        }
        ExtendedKeyUsage eku = ExtendedKeyUsage.getInstance(ekuExt.getParsedValue());
        boolean server = eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth);
        boolean any = eku.hasKeyPurposeId(KeyPurposeId.anyExtendedKeyUsage);
        if (leaf) {
            if (!server) {
                add(ChainProblem.Kind.EXTENDED_KEY_USAGE, i, "extended key usage does not include serverAuth");
            } else if (ekuExt.isCritical()) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "extended key usage is critical (CA/B BR 7.1.2.7.10)");
            }
        } else if (!server && !any) {
            add(ChainProblem.Kind.EXTENDED_KEY_USAGE, i, "this CA's extended key usage does not allow serverAuth");
        }
    }

    private void checkAlternativeNames(int i, TBSCertificate tbs, Extensions ext, boolean leaf) {
        Extension sanExt = ext == null ? null : ext.getExtension(Extension.subjectAlternativeName);
        boolean emptySubject = tbs.getSubject().getRDNs().length == 0;
        if (sanExt == null) {
            if (emptySubject && leaf) {
                add(ChainProblem.Kind.PROFILE_VIOLATION, i, "empty subject and no subject alternative names (RFC 5280 4.1.2.6)");
            }
            return;
        }
        GeneralName[] names;
        try {
            names = GeneralNames.getInstance(sanExt.getParsedValue()).getNames();
        } catch (RuntimeException e) {
            add(ChainProblem.Kind.MALFORMED, i, "the subject alternative name extension is malformed");
            return;
        }
        if (names.length == 0) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "the subject alternative name extension is empty (RFC 5280 4.2.1.6)");
        }
        if (emptySubject && !sanExt.isCritical()) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "empty subject with a non-critical subject alternative name"
                    + " (RFC 5280 4.2.1.6)");
        }
        if (leaf && !emptySubject && sanExt.isCritical()) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "critical subject alternative name with a subject (CA/B BR 7.1.2.7.12)");
        }
        if (leaf) {
            for (GeneralName name : names) {
                if (!wellFormed(name)) {
                    add(ChainProblem.Kind.PROFILE_VIOLATION, i, "malformed subject alternative name " + name);
                    break;
                }
            }
        }
    }

    private static boolean wellFormed(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> name.getName() instanceof ASN1String s
                    && HostNameMatch.validHost(s.getString().toLowerCase(java.util.Locale.ROOT), true);
            case GeneralName.iPAddress -> {
                int length = ASN1OctetString.getInstance(name.getName()).getOctets().length;
                yield length == 4 || length == 16;
            }
            case GeneralName.rfc822Name -> name.getName() instanceof ASN1String s && validMailbox(s.getString());
            default -> true;
        };
    }

    private static boolean validMailbox(String mailbox) {
        int at = mailbox.indexOf('@');
        return at > 0 && at == mailbox.lastIndexOf('@')
                && HostNameMatch.validHost(mailbox.substring(at + 1).toLowerCase(java.util.Locale.ROOT), false);
    }

    private void checkInformationAccess(int i, Extensions ext) {
        Extension aia = ext == null ? null : ext.getExtension(Extension.authorityInfoAccess);
        if (aia == null) {
            return;
        }
        try {
            AuthorityInformationAccess.getInstance(aia.getParsedValue()).getAccessDescriptions();
        } catch (RuntimeException e) {
            add(ChainProblem.Kind.MALFORMED, i, "the authority information access extension is malformed");
            return;
        }
        if (aia.isCritical()) {
            add(ChainProblem.Kind.PROFILE_VIOLATION, i, "authority information access is critical (RFC 5280 4.2.2.1)");
        }
    }

    private void checkNameConstraintsForm(int i, NameConstraints nc) {
        GeneralSubtree[] permitted = nc.getPermittedSubtrees();
        GeneralSubtree[] excluded = nc.getExcludedSubtrees();
        if ((permitted == null || permitted.length == 0) && (excluded == null || excluded.length == 0)) {
            add(ChainProblem.Kind.NAME_CONSTRAINTS, i, "name constraints with neither permitted nor excluded subtrees"
                    + " (RFC 5280 4.2.1.10)");
            return;
        }
        for (GeneralSubtree[] subtrees : new GeneralSubtree[][] {permitted, excluded}) {
            for (GeneralSubtree subtree : subtrees == null ? new GeneralSubtree[0] : subtrees) {
                GeneralName base = subtree.getBase();
                boolean ok = switch (base.getTagNo()) {
                    case GeneralName.dNSName -> base.getName() instanceof ASN1String s
                            && (s.getString().isEmpty() || HostNameMatch.validHost(s.getString().toLowerCase(java.util.Locale.ROOT), false));
                    case GeneralName.iPAddress -> validAddressRange(ASN1OctetString.getInstance(base.getName()).getOctets());
                    case GeneralName.rfc822Name -> base.getName() instanceof ASN1String s && validMailConstraint(s.getString());
                    default -> true;
                };
                if (!ok) {
                    add(ChainProblem.Kind.NAME_CONSTRAINTS, i, "malformed name constraint " + base);
                    return;
                }
            }
        }
    }

    private static boolean validMailConstraint(String constraint) {
        if (constraint.isEmpty()) {
            return true;
        }
        if (constraint.contains("@")) {
            return validMailbox(constraint);
        }
        String host = constraint.startsWith(".") ? constraint.substring(1) : constraint;
        return HostNameMatch.validHost(host.toLowerCase(java.util.Locale.ROOT), false);
    }

    private static boolean validAddressRange(byte[] octets) {
        if (octets.length != 8 && octets.length != 32) {
            return false;
        }
        // The mask half must be ones then zeros.
        boolean zeroSeen = false;
        for (int b = octets.length / 2; b < octets.length; b++) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean one = (octets[b] & (1 << bit)) != 0;
                if (one && zeroSeen) {
                    return false;
                }
                zeroSeen |= !one;
            }
        }
        return true;
    }

    /** RFC 5280 6.1.3 (b)/(c) and 6.1.4 (g), from the trust anchor's constraints downwards. */
    private void checkNameConstraints(List<Certificate> parsed) {
        PKIXNameConstraintValidator validator = new PKIXNameConstraintValidator();
        List<String> excludedDns = new ArrayList<>();
        int subtrees = 0;
        for (int i = parsed.size() - 1; i >= 0; i--) {
            TBSCertificate tbs = parsed.get(i).getTBSCertificate();
            Extensions ext = tbs.getExtensions();
            boolean anchor = i == parsed.size() - 1;
            if (!anchor) {
                boolean selfIssued = tbs.getIssuer().equals(tbs.getSubject());
                if (!selfIssued || i == 0) {
                    int names = nameCount(tbs.getSubject(), ext);
                    if ((long) names * subtrees > MAX_NAME_CHECKS) {
                        add(ChainProblem.Kind.TOO_COMPLEX, i, names + " names against " + subtrees
                                + " name constraints is more than the judge checks (" + MAX_NAME_CHECKS + ")");
                        return;
                    }
                    Optional<String> violation = nameViolation(validator, excludedDns, tbs.getSubject(), ext);
                    if (violation.isPresent()) {
                        add(ChainProblem.Kind.NAME_CONSTRAINTS, i, violation.get());
                        return;
                    }
                }
            }
            if (i > 0 && ext != null && ext.getExtension(Extension.nameConstraints) != null) {
                try {
                    NameConstraints nc = NameConstraints.getInstance(ext.getExtension(Extension.nameConstraints).getParsedValue());
                    if (nc.getPermittedSubtrees() != null) {
                        subtrees += nc.getPermittedSubtrees().length;
                        validator.intersectPermittedSubtree(nc.getPermittedSubtrees());
                    }
                    if (nc.getExcludedSubtrees() != null) {
                        for (GeneralSubtree subtree : nc.getExcludedSubtrees()) {
                            subtrees++;
                            validator.addExcludedSubtree(subtree);
                            if (subtree.getBase().getTagNo() == GeneralName.dNSName
                                    && subtree.getBase().getName() instanceof ASN1String s) {
                                excludedDns.add(s.getString().toLowerCase(java.util.Locale.ROOT));
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    add(ChainProblem.Kind.NAME_CONSTRAINTS, i, "the name constraints cannot be processed: " + e.getMessage());
                    return;
                }
            }
        }
    }

    private static int nameCount(X500Name subject, Extensions ext) {
        int count = subject.getRDNs().length;
        Extension san = ext == null ? null : ext.getExtension(Extension.subjectAlternativeName);
        if (san != null) {
            count += GeneralNames.getInstance(san.getParsedValue()).getNames().length;
        }
        return count;
    }

    private static Optional<String> nameViolation(PKIXNameConstraintValidator validator, List<String> excludedDns,
            X500Name subject, Extensions ext) {
        try {
            if (subject.getRDNs().length > 0) {
                validator.checkPermittedDN(subject);
                validator.checkExcludedDN(subject);
                for (RDN rdn : subject.getRDNs()) {
                    for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                        if (atv.getType().equals(BCStyle.EmailAddress) && atv.getValue() instanceof ASN1String s) {
                            GeneralName mail = new GeneralName(GeneralName.rfc822Name, s.getString());
                            validator.checkPermitted(mail);
                            validator.checkExcluded(mail);
                        }
                    }
                }
            }
            Extension san = ext == null ? null : ext.getExtension(Extension.subjectAlternativeName);
            if (san != null) {
                for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
                    validator.checkPermitted(name);
                    validator.checkExcluded(name);
                    if (name.getTagNo() == GeneralName.dNSName && name.getName() instanceof ASN1String s
                            && s.getString().startsWith("*.")) {
                        // A wildcard would accept any excluded name one label below it (CVE-2025-61727).
                        String base = s.getString().substring(1).toLowerCase(java.util.Locale.ROOT);
                        for (String excluded : excludedDns) {
                            if (excluded.endsWith(base)) {
                                return Optional.of("wildcard " + s.getString() + " covers the excluded name " + excluded);
                            }
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (NameConstraintValidatorException e) {
            return Optional.of("a name is outside an issuer's name constraints: " + e.getMessage());
        } catch (RuntimeException e) {
            return Optional.of("a name cannot be checked against name constraints: " + e.getMessage());
        }
    }

    private void checkPeerName(PeerName name, Certificate leaf) {
        Extensions ext = leaf.getTBSCertificate().getExtensions();
        Extension san = ext == null ? null : ext.getExtension(Extension.subjectAlternativeName);
        List<GeneralName> names = List.of();
        if (san != null) {
            try {
                names = List.of(GeneralNames.getInstance(san.getParsedValue()).getNames());
            } catch (RuntimeException e) {
                names = List.of();
            }
        }
        if (!HostNameMatch.matches(name, names)) {
            add(ChainProblem.Kind.NAME_MISMATCH, 0, (san == null ? "the certificate has no subject alternative names;"
                    + " the subject CN is not used for host names (RFC 6125)" : "no subject alternative name matches")
                    + " '" + name.value() + "'");
        }
    }

    private void checkKey(int i, SubjectPublicKeyInfo spki) {
        String algorithm = spki.getAlgorithm().getAlgorithm().getId();
        try {
            switch (algorithm) {
                case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10" -> {
                    int bits = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey())
                            .getModulus().bitLength();
                    if (bits < 2048 || bits % 8 != 0) {
                        add(ChainProblem.Kind.WEAK_KEY, i, "RSA key of " + bits
                                + " bits: at least 2048 and a multiple of 8 are required (CA/B BR 6.1.5)");
                    }
                }
                case "1.2.840.10045.2.1" -> {
                    ASN1Encodable params = spki.getAlgorithm().getParameters();
                    if (!(params instanceof ASN1ObjectIdentifier curve)) {
                        add(ChainProblem.Kind.WEAK_KEY, i, "EC key with explicit curve parameters (RFC 5480 2.1.1)");
                    } else if (!STRONG_CURVES.contains(curve.getId())) {
                        add(ChainProblem.Kind.WEAK_KEY, i, "EC key on curve " + curve
                                + ": only P-256, P-384 and P-521 are allowed (CA/B BR 6.1.5)");
                    }
                }
                case "1.2.840.10040.4.1" -> add(ChainProblem.Kind.WEAK_KEY, i, "DSA key: not allowed for TLS (CA/B BR 6.1.5)");
                default -> {
                    // Ed25519 and others: the JDK validator decides whether it can verify them.
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            add(ChainProblem.Kind.MALFORMED, i, "the public key cannot be parsed");
        }
    }

    private static boolean weakSignature(String oid) {
        return switch (oid) {
            case "1.2.840.113549.1.1.2", "1.2.840.113549.1.1.3", "1.2.840.113549.1.1.4", "1.2.840.113549.1.1.5",
                    "1.3.14.3.2.29", "1.2.840.10045.4.1", "1.2.840.10040.4.3" -> true;
            default -> false;
        };
    }

    private static boolean fractional(Time time) {
        ASN1Primitive primitive = time.toASN1Primitive();
        return primitive instanceof ASN1GeneralizedTime g && g.getTimeString().contains(".");
    }

    static Instant secondsOf(Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    private void add(ChainProblem.Kind kind, int position, String message) {
        problems.add(new ChainProblem(kind, position, subject(path.get(position)), message));
    }

    static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }
}
