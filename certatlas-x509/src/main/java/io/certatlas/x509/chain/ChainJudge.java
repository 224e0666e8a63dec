package io.certatlas.x509.chain;

import java.io.ByteArrayInputStream;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

import io.certatlas.x509.TrustAnchors;

/**
 * Judges a served TLS server chain the way a careful client would, and says which certificate is
 * at fault for each problem.
 *
 * <p>How: paths are built from the leaf towards the trust anchors by depth-first search over the
 * served extras (any order, decoys allowed), choosing issuers by name, key identifiers and a
 * verifying signature, with a hard budget so a hostile chain costs bounded time. Each complete
 * path is checked by the JDK's PKIX validator (signatures, validity, basic constraints, path
 * length, key usage, intermediate name constraints, policies, critical extensions) and then by
 * {@link PathRules} for what the JDK leaves out: name constraints carried by the trust anchor, the
 * RFC 6125 host name check (no CN fallback, whole-label wildcards only), key identifier chaining,
 * weak keys and signatures, and RFC 5280 / CA/Browser Forum profile rules. The first path without
 * problems makes the chain trusted; otherwise the candidate with the fewest problems is reported.
 *
 * <p>Never throws and never hangs: every fault becomes a {@link ChainProblem}.
 */
public final class ChainJudge {

    /** Longest path tried, leaf and anchor included. */
    public static final int MAX_PATH_LENGTH = 10;
    /** Most issuer candidates examined while building paths for one chain. */
    public static final int MAX_CANDIDATES = 2_000;

    private final TrustAnchors anchors;
    private final int maxIntermediates;

    /** A judge trusting these anchors and accepting up to {@code MAX_PATH_LENGTH - 2} intermediates. */
    public ChainJudge(TrustAnchors anchors) {
        this(anchors, MAX_PATH_LENGTH - 2);
    }

    /**
     * A judge accepting at most {@code maxIntermediates} logical intermediates between leaf and
     * anchor (self-issued certificates, such as a CA's key rollover, do not count).
     */
    public ChainJudge(TrustAnchors anchors, int maxIntermediates) {
        this.anchors = Objects.requireNonNull(anchors, "anchors");
        if (maxIntermediates < 0) {
            throw new IllegalArgumentException("maxIntermediates must be 0 or more, got " + maxIntermediates);
        }
        this.maxIntermediates = maxIntermediates;
    }

    /** A judge trusting the JDK's cacerts. */
    public static ChainJudge withJdkTrustStore() {
        return new ChainJudge(TrustAnchors.jdkDefault());
    }

    /** Judges DER certificates as served (leaf first); unparseable ones are reported, not thrown. */
    public ChainVerdict judgeDer(List<byte[]> served, Optional<PeerName> expectedName, Instant at) {
        List<X509Certificate> parsed = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < served.size(); i++) {
                try {
                    parsed.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(served.get(i))));
                } catch (Exception e) {
                    if (i == 0) {
                        return new ChainVerdict(false, List.of(new ChainProblem(ChainProblem.Kind.MALFORMED, 0, "",
                                "the leaf certificate cannot be parsed: " + e.getMessage())), List.of());
                    }
                    // A broken extra cannot be on a valid path; the rest may still be.
                }
            }
        } catch (Exception e) {
            return failure(ChainProblem.Kind.INVALID, "no X.509 support in this runtime: " + e.getMessage(), List.of());
        }
        return judge(parsed, expectedName, at);
    }

    /**
     * Judges a served chain.
     *
     * @param served the leaf first, then whatever else the server sent, in any order
     * @param expectedName the host name or address the client dialled; empty skips the name check
     * @param at the moment of validation
     */
    public ChainVerdict judge(List<X509Certificate> served, Optional<PeerName> expectedName, Instant at) {
        if (served.isEmpty()) {
            return failure(ChainProblem.Kind.MALFORMED, "no certificate was served", List.of());
        }
        try {
            return new Search(served, expectedName, at).run();
        } catch (RuntimeException | StackOverflowError e) {
            return failure(ChainProblem.Kind.INVALID, "validation failed unexpectedly: " + e, List.of(served.get(0)));
        }
    }

    private static ChainVerdict failure(ChainProblem.Kind kind, String message, List<X509Certificate> path) {
        return new ChainVerdict(false, List.of(new ChainProblem(kind, -1, "", message)), path);
    }

    /** One judgement: the search state for one served chain. */
    private final class Search {
        private final X509Certificate leaf;
        private final List<X509Certificate> extras;
        private final Optional<PeerName> expectedName;
        private final Instant at;
        private final Map<X500Principal, List<X509Certificate>> anchorsBySubject = new HashMap<>();
        private final Map<X500Principal, List<X509Certificate>> extrasBySubject = new HashMap<>();
        private final Map<X509Certificate, Map<X509Certificate, Boolean>> signedBy = new IdentityHashMap<>();
        private int candidatesLeft = MAX_CANDIDATES;
        private List<ChainProblem> bestProblems;
        private List<X509Certificate> bestPath;
        private ChainVerdict trusted;
        private boolean issuerNameSeen;

        Search(List<X509Certificate> served, Optional<PeerName> expectedName, Instant at) {
            this.leaf = served.get(0);
            this.extras = served.subList(1, served.size());
            this.expectedName = expectedName;
            this.at = at;
            for (X509Certificate anchor : anchors.certificates()) {
                anchorsBySubject.computeIfAbsent(anchor.getSubjectX500Principal(), k -> new ArrayList<>()).add(anchor);
            }
            for (X509Certificate extra : extras) {
                extrasBySubject.computeIfAbsent(extra.getSubjectX500Principal(), k -> new ArrayList<>()).add(extra);
            }
        }

        ChainVerdict run() {
            for (X509Certificate anchor : anchors.certificates()) {
                if (anchor.equals(leaf)) {
                    // The server's certificate is itself trusted (a pinned self-signed certificate).
                    consider(List.of(leaf));
                    if (trusted != null) {
                        return trusted;
                    }
                }
            }
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            extend(path);
            if (trusted != null) {
                return trusted;
            }
            if (bestPath != null) {
                return new ChainVerdict(false, bestProblems, bestPath);
            }
            return unreachableVerdict();
        }

        /**
         * No path reached an anchor: says where the served chain stops, and adds what is wrong with
         * the certificates it does hold (an expired or weak self-signed certificate is expired and
         * weak as well as untrusted).
         */
        private ChainVerdict unreachableVerdict() {
            List<X509Certificate> served = servedPath();
            Map<String, ChainProblem> problems = new LinkedHashMap<>();
            for (ChainProblem p : unreachable(served)) {
                problems.putIfAbsent(p.kind() + "@" + p.position(), p);
            }
            if (candidatesLeft > 0) {
                for (ChainProblem p : new PathRules(served, expectedName, at).check()) {
                    problems.putIfAbsent(p.kind() + "@" + p.position(), p);
                }
            }
            return new ChainVerdict(false, List.copyOf(problems.values()), served);
        }

        /** Depth-first: tries every issuer of the top certificate, anchors before served extras. */
        private void extend(List<X509Certificate> path) {
            if (trusted != null || candidatesLeft <= 0 || path.size() >= MAX_PATH_LENGTH) {
                return;
            }
            X509Certificate top = path.get(path.size() - 1);
            X500Principal issuer = top.getIssuerX500Principal();
            for (X509Certificate anchor : anchorsBySubject.getOrDefault(issuer, List.of())) {
                issuerNameSeen = true;
                if (--candidatesLeft < 0 || !issues(anchor, top)) {
                    continue;
                }
                List<X509Certificate> complete = new ArrayList<>(path);
                complete.add(anchor);
                consider(complete);
                if (trusted != null) {
                    return;
                }
            }
            for (X509Certificate candidate : extrasBySubject.getOrDefault(issuer, List.of())) {
                issuerNameSeen = true;
                if (--candidatesLeft < 0 || containsSameKeyAndName(path, candidate) || !issues(candidate, top)) {
                    continue;
                }
                path.add(candidate);
                extend(path);
                path.remove(path.size() - 1);
                if (trusted != null) {
                    return;
                }
            }
        }

        private boolean containsSameKeyAndName(List<X509Certificate> path, X509Certificate candidate) {
            for (X509Certificate cert : path) {
                // The same CA (name and key) twice in a path is a loop, whatever the certificates' other fields.
                if (cert.getSubjectX500Principal().equals(candidate.getSubjectX500Principal())
                        && cert.getPublicKey().equals(candidate.getPublicKey())) {
                    return true;
                }
            }
            return false;
        }

        private boolean issues(X509Certificate issuer, X509Certificate child) {
            return signedBy.computeIfAbsent(child, k -> new IdentityHashMap<>()).computeIfAbsent(issuer, k -> {
                if (!KeyIds.compatible(issuer, child)) {
                    return false;
                }
                try {
                    child.verify(issuer.getPublicKey());
                    return true;
                } catch (Exception e) {
                    return false;
                }
            });
        }

        private void consider(List<X509Certificate> path) {
            List<ChainProblem> problems = validate(path);
            if (problems.isEmpty()) {
                trusted = new ChainVerdict(true, List.of(), path);
            } else if (bestProblems == null || problems.size() < bestProblems.size()) {
                bestProblems = problems;
                bestPath = List.copyOf(path);
            }
        }

        private List<ChainProblem> validate(List<X509Certificate> path) {
            Map<String, ChainProblem> problems = new LinkedHashMap<>();
            PathRules rules = new PathRules(path, expectedName, at);
            for (ChainProblem p : rules.check()) {
                problems.putIfAbsent(p.kind() + "@" + p.position(), p);
            }
            if (path.size() > 1) {
                jdkProblem(path).ifPresent(p -> problems.putIfAbsent(p.kind() + "@" + p.position(), p));
            }
            int intermediates = 0;
            for (int i = 1; i < path.size() - 1; i++) {
                X509Certificate cert = path.get(i);
                if (!cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
                    intermediates++;
                }
            }
            if (intermediates > maxIntermediates) {
                problems.putIfAbsent("depth", new ChainProblem(ChainProblem.Kind.PATH_LENGTH_EXCEEDED, -1, "",
                        "the path has " + intermediates + " intermediates; at most " + maxIntermediates + " are accepted"));
            }
            return List.copyOf(problems.values());
        }

        /**
         * Runs the JDK's PKIX validator. Name constraints are processed by {@link PathRules} (which
         * also applies the anchor's); the JDK's own check wrongly rejects some valid names, so when
         * it fails on name constraints at certificate k, validation resumes below with k's issuer
         * as the anchor, so that every other check still runs for the certificates below.
         */
        private Optional<ChainProblem> jdkProblem(List<X509Certificate> path) {
            X509Certificate anchor = path.get(path.size() - 1);
            List<X509Certificate> certs = path.subList(0, path.size() - 1);
            for (int attempt = 0; attempt < MAX_PATH_LENGTH && !certs.isEmpty(); attempt++) {
                try {
                    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
                    params.setRevocationEnabled(false);
                    params.setDate(Date.from(PathRules.secondsOf(at)));
                    CertPathValidator.getInstance("PKIX").validate(
                            CertificateFactory.getInstance("X.509").generateCertPath(certs), params);
                    return Optional.empty();
                } catch (CertPathValidatorException e) {
                    int index = e.getIndex() < 0 ? -1 : e.getIndex();
                    if (e.getReason() == PKIXReason.INVALID_NAME && index >= 0 && index < certs.size()) {
                        if (index == 0) {
                            return Optional.empty();
                        }
                        anchor = certs.get(index + 1 < certs.size() ? index + 1 : certs.size() - 1);
                        certs = certs.subList(0, Math.min(index + 1, certs.size() - 1));
                        continue;
                    }
                    String subject = index >= 0 && index < certs.size() ? PathRules.subject(certs.get(index)) : "";
                    return Optional.of(new ChainProblem(kindOf(e.getReason()), index, subject,
                            "the PKIX validator rejects the chain: " + e.getMessage()));
                } catch (Exception e) {
                    return Optional.of(new ChainProblem(ChainProblem.Kind.INVALID, -1, "",
                            "the PKIX validator failed: " + e));
                }
            }
            return Optional.empty();
        }

        private ChainProblem.Kind kindOf(CertPathValidatorException.Reason reason) {
            if (reason instanceof CertPathValidatorException.BasicReason basic) {
                return switch (basic) {
                    case EXPIRED -> ChainProblem.Kind.EXPIRED;
                    case NOT_YET_VALID -> ChainProblem.Kind.NOT_YET_VALID;
                    case INVALID_SIGNATURE -> ChainProblem.Kind.BAD_SIGNATURE;
                    case ALGORITHM_CONSTRAINED -> ChainProblem.Kind.WEAK_SIGNATURE;
                    default -> ChainProblem.Kind.INVALID;
                };
            }
            if (reason instanceof PKIXReason pkix) {
                return switch (pkix) {
                    case NOT_CA_CERT -> ChainProblem.Kind.NOT_A_CA;
                    case PATH_TOO_LONG -> ChainProblem.Kind.PATH_LENGTH_EXCEEDED;
                    case INVALID_KEY_USAGE -> ChainProblem.Kind.KEY_USAGE;
                    case INVALID_NAME -> ChainProblem.Kind.NAME_CONSTRAINTS;
                    case UNRECOGNIZED_CRIT_EXT -> ChainProblem.Kind.UNKNOWN_CRITICAL_EXTENSION;
                    case INVALID_POLICY -> ChainProblem.Kind.POLICY;
                    case NO_TRUST_ANCHOR -> ChainProblem.Kind.UNKNOWN_ISSUER;
                    default -> ChainProblem.Kind.INVALID;
                };
            }
            return ChainProblem.Kind.INVALID;
        }

        /** The served chain followed from the leaf by verifying signatures, as far as it goes. */
        private List<X509Certificate> servedPath() {
            List<X509Certificate> path = new ArrayList<>(List.of(leaf));
            if (candidatesLeft <= 0) {
                return path;
            }
            X509Certificate top = leaf;
            for (int guard = 0; guard < MAX_PATH_LENGTH; guard++) {
                X509Certificate next = null;
                for (X509Certificate candidate : extrasBySubject.getOrDefault(top.getIssuerX500Principal(), List.of())) {
                    if (!path.contains(candidate) && issues(candidate, top)) {
                        next = candidate;
                        break;
                    }
                }
                if (next == null) {
                    break;
                }
                path.add(next);
                top = next;
            }
            return path;
        }

        /** Why no path reached an anchor, given how far the served chain goes. */
        private List<ChainProblem> unreachable(List<X509Certificate> path) {
            if (candidatesLeft <= 0) {
                return List.of(new ChainProblem(ChainProblem.Kind.TOO_COMPLEX, -1, "", "building a path took more than "
                        + MAX_CANDIDATES + " issuer candidates; the served chain is pathological"));
            }
            X509Certificate top = path.get(path.size() - 1);
            int position = path.size() - 1;
            String subject = PathRules.subject(top);
            boolean selfSigned = top.getIssuerX500Principal().equals(top.getSubjectX500Principal()) && issues(top, top);
            if (selfSigned && position == 0) {
                return List.of(new ChainProblem(ChainProblem.Kind.SELF_SIGNED, 0, subject,
                        "the server certificate is self-signed and not trusted: replace it with one issued by a trusted CA"));
            }
            if (selfSigned) {
                return List.of(new ChainProblem(ChainProblem.Kind.UNTRUSTED_ROOT, position, subject,
                        "the chain ends in a root that is not trusted: use a certificate from a trusted CA or add this root to the trust store"));
            }
            if (issuerNameSeen && (anchorsBySubject.containsKey(top.getIssuerX500Principal())
                    || extrasBySubject.containsKey(top.getIssuerX500Principal()))) {
                return List.of(new ChainProblem(ChainProblem.Kind.UNKNOWN_ISSUER, position, subject,
                        "no certificate named " + top.getIssuerX500Principal().getName() + " signed this one"));
            }
            return List.of(new ChainProblem(ChainProblem.Kind.MISSING_INTERMEDIATE, position, subject,
                    "the issuer " + top.getIssuerX500Principal().getName() + " was not served and is not a trusted root:"
                            + " the server should send the intermediate certificate (or the issuer is unknown)"));
        }
    }
}
