package io.certatlas.scan;

import io.certatlas.scan.grade.GradeReport;
import io.certatlas.scan.grade.GradeSummary;
import io.certatlas.scan.probe.EnumerationResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint speaks and how it grades: the protocol versions it accepts, the suites it
 * accepts with each, and the rating guide's grade with its v2 summary.
 *
 * @param protocols     accepted versions in Certificate View's spelling, oldest first ("SSLv3", "TLSv1", ... "TLSv1.3")
 * @param suites        per accepted version, the IANA names of the accepted suites, in the server's order when it has one
 * @param grading       the grade, the grade with trust ignored, the caps and the v2 gradeSummary
 * @param enumeration   the enumerator's full result (renegotiation, groups, fallback SCSV, per-probe failures)
 * @param probeFailures probes that gave no answer ("TLSv1.2 suites: timed out"); the grade is built from the rest
 * @param elapsed       how long the enumeration took
 */
public record TlsProfile(
        List<String> protocols,
        Map<String, List<String>> suites,
        GradeReport grading,
        EnumerationResult enumeration,
        List<String> probeFailures,
        Duration elapsed) {

    public TlsProfile {
        protocols = List.copyOf(protocols);
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        suites.forEach((protocol, names) -> ordered.put(protocol, List.copyOf(names)));
        suites = java.util.Collections.unmodifiableMap(ordered);
        Objects.requireNonNull(grading, "grading");
        Objects.requireNonNull(enumeration, "enumeration");
        probeFailures = List.copyOf(probeFailures);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** "A+", "A", "A-", "B" ... "F", or "T" when the chain is not trusted. */
    public String grade() {
        return grading.grade().label();
    }

    public String gradeWithTrustIgnored() {
        return grading.gradeWithTrustIgnored().label();
    }

    /** The v2 {@code gradeSummary}: a record of strings, numbers, lists and ordered maps, ready for a JSON mapper. */
    public GradeSummary gradeSummary() {
        return grading.summary();
    }

    /** Whether every probe answered; when not, versions or suites may be missing and the grade may be too kind. */
    public boolean complete() {
        return probeFailures.isEmpty();
    }
}
