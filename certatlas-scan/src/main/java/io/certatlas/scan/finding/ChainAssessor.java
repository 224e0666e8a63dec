package io.certatlas.scan.finding;

import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.chain.ChainJudge;
import io.certatlas.x509.chain.ChainProblem;
import io.certatlas.x509.chain.ChainVerdict;
import io.certatlas.x509.chain.PeerName;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges a served chain: the x509 module's {@link ChainJudge} decides trust, dates, names, keys
 * and signatures; this class maps its verdict to the issue kinds findings are built from, and adds
 * the two leaf date rules Qualys reports that are not validity faults (expiry within six months,
 * validity beyond 398 days). No network: URLs inside certificates are never fetched.
 */
public final class ChainAssessor {

    /** CA/Browser Forum ballot SC31: leaf certificates issued from 2020-09-01 may be valid for at most 398 days. */
    static final Instant MAX_VALIDITY_RULE_START = Instant.parse("2020-09-01T00:00:00Z");
    static final Duration MAX_VALIDITY = Duration.ofDays(398);

    private final ChainJudge judge;
    private final Clock clock;

    public ChainAssessor(TrustAnchors anchors, Clock clock) {
        this.judge = new ChainJudge(Objects.requireNonNull(anchors, "anchors"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param chain    the served chain, leaf first, DER each
     * @param hostName the name the client asked for (SNI), checked against the leaf when present
     */
    public ChainAssessment assess(List<byte[]> chain, Optional<String> hostName) {
        Instant now = clock.instant();
        ChainVerdict verdict = judge.judgeDer(chain, hostName.map(PeerName::of), now);
        List<ChainIssue> issues = new ArrayList<>();
        for (ChainProblem problem : verdict.problems()) {
            String detail = (problem.position() >= 0 ? "#" + problem.position() + " " : "")
                    + (problem.certificate().isEmpty() ? "" : problem.certificate() + ": ") + problem.message();
            int position = Math.max(0, problem.position());
            kindsOf(problem.kind()).forEach(kind -> issues.add(new ChainIssue(kind, position, detail)));
        }
        if (!chain.isEmpty()) {
            leafDates(chain.get(0), now, issues);
        }
        return new ChainAssessment(verdict.trusted(), issues);
    }

    /** Which findings a judge problem gives; problems that make no finding of their own count against trust. */
    private static List<ChainIssue.Kind> kindsOf(ChainProblem.Kind kind) {
        return switch (kind) {
            case SELF_SIGNED -> List.of(ChainIssue.Kind.SELF_SIGNED);
            case EXPIRED -> List.of(ChainIssue.Kind.EXPIRED);
            case NOT_YET_VALID -> List.of(ChainIssue.Kind.NOT_YET_VALID);
            case NAME_MISMATCH -> List.of(ChainIssue.Kind.NAME_MISMATCH);
            case WEAK_KEY -> List.of(ChainIssue.Kind.WEAK_KEY);
            case WEAK_SIGNATURE -> List.of(ChainIssue.Kind.WEAK_SIGNATURE);
            case MISSING_INTERMEDIATE -> List.of(ChainIssue.Kind.CHAIN_INCOMPLETE, ChainIssue.Kind.UNTRUSTED);
            // Profile rules (RFC 5280 / CA/B encoding details) are not a Qualys certificate finding.
            case PROFILE_VIOLATION -> List.of();
            case UNKNOWN_ISSUER, UNTRUSTED_ROOT, BAD_SIGNATURE, NOT_A_CA, PATH_LENGTH_EXCEEDED, KEY_USAGE,
                 EXTENDED_KEY_USAGE, NAME_CONSTRAINTS, UNKNOWN_CRITICAL_EXTENSION, POLICY, MALFORMED, TOO_COMPLEX,
                 INVALID -> List.of(ChainIssue.Kind.UNTRUSTED);
        };
    }

    private static void leafDates(byte[] der, Instant now, List<ChainIssue> issues) {
        X509Certificate leaf;
        try {
            leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            return; // the judge has reported the leaf as malformed
        }
        Instant from = leaf.getNotBefore().toInstant();
        Instant to = leaf.getNotAfter().toInstant();
        String who = "#0 " + leaf.getSubjectX500Principal().getName();
        if (!now.isBefore(from) && !now.isAfter(to) && to.isBefore(now.atOffset(ZoneOffset.UTC).plusMonths(6).toInstant())) {
            issues.add(new ChainIssue(ChainIssue.Kind.EXPIRES_WITHIN_SIX_MONTHS, 0, who + " expires " + to));
        }
        if (leaf.getBasicConstraints() < 0 && !from.isBefore(MAX_VALIDITY_RULE_START)
                && Duration.between(from, to).compareTo(MAX_VALIDITY) > 0) {
            issues.add(new ChainIssue(ChainIssue.Kind.VALIDITY_TOO_LONG, 0, who + " is valid for "
                    + Duration.between(from, to).toDays() + " days, more than the 398 allowed since 2020-09-01"));
        }
    }
}
