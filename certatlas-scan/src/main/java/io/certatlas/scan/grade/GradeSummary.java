package io.certatlas.scan.grade;

import java.util.List;
import java.util.Map;

/**
 * The v2 {@code gradeSummary} object, field for field (spec/CONTRACT.md, "Later versions").
 * The maps keep their key order: all six protocols, the four cipher strength labels and the
 * eight key exchange labels are always present.
 */
public record GradeSummary(
        String grade,
        String gradeWithTrustIgnored,
        int certificateScore,
        int protocolSupportScore,
        int keyExchangeScore,
        int cipherStrengthScore,
        int protocolSupportWeightage,
        int keyExchangeWeightage,
        int cipherStrengthWeightage,
        List<String> warnings,
        List<String> errors,
        List<String> notices,
        List<String> infos,
        List<String> highlights,
        Map<String, Boolean> protocolSupportInfo,
        Map<String, Boolean> cipherStrengthInfo,
        Map<String, Boolean> keyExchangeInfo,
        Map<String, List<SuiteSummary>> cipherSuites) {

    public GradeSummary {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
        notices = List.copyOf(notices);
        infos = List.copyOf(infos);
        highlights = List.copyOf(highlights);
        protocolSupportInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(protocolSupportInfo));
        cipherStrengthInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cipherStrengthInfo));
        keyExchangeInfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keyExchangeInfo));
        cipherSuites = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cipherSuites));
    }

    /** This summary with {@code more} notices after its own (probes that could not run, which the grade could not weigh). */
    public GradeSummary withNotices(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notices);
        all.addAll(more);
        return new GradeSummary(grade, gradeWithTrustIgnored, certificateScore, protocolSupportScore, keyExchangeScore,
                cipherStrengthScore, protocolSupportWeightage, keyExchangeWeightage, cipherStrengthWeightage, warnings, errors, all,
                infos, highlights, protocolSupportInfo, cipherStrengthInfo, keyExchangeInfo, cipherSuites);
    }
}
