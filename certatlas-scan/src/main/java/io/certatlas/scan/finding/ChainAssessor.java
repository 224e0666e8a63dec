package io.certatlas.scan.finding;

import io.certatlas.x509.TrustAnchors;
import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Judges a served chain against trust anchors and the clock: trust (by walking issuer links
 * through the served certificates to an anchor, checking each signature), dates, names, key sizes
 * and signature algorithms. No network: URLs inside certificates (AIA, CRL, OCSP) are never fetched.
 *
 * <p>Narrow on purpose: the x509 module's chain judge is meant to replace this walk; the issue
 * kinds it reports are what the findings are built from.
 */
public final class ChainAssessor {

    /** CA/Browser Forum ballot SC31: leaf certificates issued from 2020-09-01 may be valid for at most 398 days. */
    static final Instant MAX_VALIDITY_RULE_START = Instant.parse("2020-09-01T00:00:00Z");
    static final Duration MAX_VALIDITY = Duration.ofDays(398);

    private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
    private final Clock clock;

    public ChainAssessor(TrustAnchors anchors, Clock clock) {
        Objects.requireNonNull(anchors, "anchors");
        for (X509Certificate root : anchors.certificates()) {
            anchorsBySubject.computeIfAbsent(root.getSubjectX500Principal(), k -> new ArrayList<>()).add(root);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param chain    the served chain, leaf first, DER each
     * @param hostName the name the client asked for (SNI), checked against the leaf when present
     */
    public ChainAssessment assess(List<byte[]> chain, Optional<String> hostName) {
        List<ChainIssue> issues = new ArrayList<>();
        if (chain.isEmpty()) {
            issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, 0, "the server sent an empty certificate chain"));
            return new ChainAssessment(false, issues);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            try {
                certificates.add(parse(chain.get(i)));
            } catch (CertificateException e) {
                issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, i, "#" + i + " cannot be parsed: " + e.getMessage()));
                if (i == 0) {
                    return new ChainAssessment(false, issues);
                }
                break;
            }
        }
        boolean trusted = walkToAnchor(certificates, issues);
        Instant now = clock.instant();
        for (int i = 0; i < certificates.size(); i++) {
            checkDates(certificates.get(i), i, now, issues);
            checkKey(certificates.get(i), i, issues);
            checkSignatureAlgorithm(certificates.get(i), i, issues);
        }
        X509Certificate leaf = certificates.get(0);
        hostName.ifPresent(name -> {
            CertificateNames names = CertificateNames.of(leaf);
            if (!names.matches(name)) {
                issues.add(new ChainIssue(ChainIssue.Kind.NAME_MISMATCH, 0, "#0 " + label(leaf) + " is for "
                        + (names.toString().isEmpty() ? "no name" : names) + ", not " + name));
            }
        });
        return new ChainAssessment(trusted, issues);
    }

    private boolean walkToAnchor(List<X509Certificate> chain, List<ChainIssue> issues) {
        int current = 0;
        Set<Integer> visited = new HashSet<>();
        while (visited.add(current)) {
            X509Certificate certificate = chain.get(current);
            if (anchorsBySubject.getOrDefault(certificate.getSubjectX500Principal(), List.of()).contains(certificate)) {
                return true;
            }
            for (X509Certificate root : anchorsBySubject.getOrDefault(certificate.getIssuerX500Principal(), List.of())) {
                if (verifies(certificate, root.getPublicKey())) {
                    return true;
                }
            }
            if (selfSigned(certificate)) {
                if (current == 0) {
                    issues.add(new ChainIssue(ChainIssue.Kind.SELF_SIGNED, 0, "#0 " + label(certificate) + " is signed by its own key"));
                } else {
                    issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, current, "#" + current + " " + label(certificate)
                            + " is a root that is not in the trust store"));
                }
                return false;
            }
            boolean issuerServed = false;
            int next = -1;
            for (int j = 0; j < chain.size(); j++) {
                if (j != current && chain.get(j).getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                    issuerServed = true;
                    if (verifies(certificate, chain.get(j).getPublicKey())) {
                        next = j;
                        break;
                    }
                }
            }
            if (next < 0) {
                if (issuerServed) {
                    issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, current, "#" + current + " " + label(certificate)
                            + ": its signature does not verify with the served issuer's key"));
                } else {
                    String detail = "#" + current + " " + label(certificate) + ": its issuer "
                            + certificate.getIssuerX500Principal().getName() + " is neither served nor in the trust store";
                    issues.add(new ChainIssue(ChainIssue.Kind.CHAIN_INCOMPLETE, current, detail));
                    issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, current, detail));
                }
                return false;
            }
            current = next;
        }
        issues.add(new ChainIssue(ChainIssue.Kind.UNTRUSTED, current, "the served chain loops back on itself at #" + current));
        return false;
    }

    private static void checkDates(X509Certificate certificate, int position, Instant now, List<ChainIssue> issues) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        String who = "#" + position + " " + label(certificate);
        if (now.isAfter(to)) {
            issues.add(new ChainIssue(ChainIssue.Kind.EXPIRED, position, who + " expired " + to));
        } else if (now.isBefore(from)) {
            issues.add(new ChainIssue(ChainIssue.Kind.NOT_YET_VALID, position, who + " is valid only from " + from));
        } else if (position == 0 && to.isBefore(now.atOffset(ZoneOffset.UTC).plusMonths(6).toInstant())) {
            issues.add(new ChainIssue(ChainIssue.Kind.EXPIRES_WITHIN_SIX_MONTHS, position, who + " expires " + to));
        }
        if (position == 0 && certificate.getBasicConstraints() < 0 && !from.isBefore(MAX_VALIDITY_RULE_START)
                && Duration.between(from, to).compareTo(MAX_VALIDITY) > 0) {
            issues.add(new ChainIssue(ChainIssue.Kind.VALIDITY_TOO_LONG, position, who + " is valid for "
                    + Duration.between(from, to).toDays() + " days, more than the 398 allowed since 2020-09-01"));
        }
    }

    private static void checkKey(X509Certificate certificate, int position, List<ChainIssue> issues) {
        PublicKey key = certificate.getPublicKey();
        int bits;
        int minimum;
        switch (key) {
            case RSAPublicKey rsa -> {
                bits = rsa.getModulus().bitLength();
                minimum = 2048;
            }
            case DSAPublicKey dsa -> {
                bits = dsa.getParams() == null ? 0 : dsa.getParams().getP().bitLength();
                minimum = 2048;
            }
            case ECPublicKey ec -> {
                bits = ec.getParams().getOrder().bitLength();
                minimum = 224;
            }
            default -> {
                return;
            }
        }
        if (bits < minimum) {
            issues.add(new ChainIssue(ChainIssue.Kind.WEAK_KEY, position, "#" + position + " " + label(certificate) + " has a "
                    + bits + "-bit " + key.getAlgorithm() + " key (minimum " + minimum + ")"));
        }
    }

    private static void checkSignatureAlgorithm(X509Certificate certificate, int position, List<ChainIssue> issues) {
        // A root's signature on itself is never checked by clients, so only non-roots (and a self-signed leaf) count.
        if (position > 0 && selfSigned(certificate)) {
            return;
        }
        String algorithm = certificate.getSigAlgName().toUpperCase(Locale.ROOT);
        if (algorithm.startsWith("SHA1") || algorithm.contains("MD5") || algorithm.contains("MD2")) {
            issues.add(new ChainIssue(ChainIssue.Kind.WEAK_SIGNATURE, position, "#" + position + " " + label(certificate)
                    + " is signed with " + certificate.getSigAlgName()));
        }
    }

    private static boolean selfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                && verifies(certificate, certificate.getPublicKey());
    }

    private static boolean verifies(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (Exception e) {
            // Any failure (wrong key, unsupported or disabled algorithm) means "not signed by this key" here.
            return false;
        }
    }

    private static String label(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
