package io.certatlas.scan.grade;

import java.util.List;
import java.util.Optional;

/**
 * A computed grade with its reasons.
 *
 * @param grade                  the final grade (T when the chain is not trusted)
 * @param gradeWithTrustIgnored  the grade the configuration earns if trust is set aside
 * @param score                  0.3 protocol + 0.3 key exchange + 0.4 cipher (0 when a category is 0)
 * @param caps                   every cap that applied; the lowest one decided
 * @param decidingCap            the cap that lowered the grade, if one did
 * @param ruleset                the rules followed, with their version
 * @param summary                the v2 gradeSummary
 */
public record GradeReport(
        Grade grade,
        Grade gradeWithTrustIgnored,
        int score,
        List<GradeCap> caps,
        Optional<GradeCap> decidingCap,
        String ruleset,
        GradeSummary summary) {

    public GradeReport {
        caps = List.copyOf(caps);
    }

    /** This report with {@code notices} added to its summary's notices. */
    public GradeReport withNotices(List<String> notices) {
        return notices.isEmpty() ? this
                : new GradeReport(grade, gradeWithTrustIgnored, score, caps, decidingCap, ruleset, summary.withNotices(notices));
    }
}
