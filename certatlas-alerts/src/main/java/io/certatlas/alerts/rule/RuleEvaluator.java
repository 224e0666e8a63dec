package io.certatlas.alerts.rule;

import io.certatlas.store.alerts.AlertEvaluation;
import io.certatlas.store.alerts.AlertRule;
import io.certatlas.store.alerts.AlertRules;
import io.certatlas.store.renewal.RenewalLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the alerts: the renewal ledger learns the certificates served since its last look,
 * then every enabled rule is evaluated, each queueing messages for what started or ended. A rule
 * that cannot be evaluated (a filter that no longer parses, say) is logged and the others go on.
 */
public final class RuleEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);

    private final AlertRules rules;
    private final RenewalLedger ledger;
    private final Clock clock;

    public RuleEvaluator(AlertRules rules, RenewalLedger ledger, Clock clock) {
        this.rules = rules;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** What one pass did, rule by rule (by name). */
    public record Pass(RenewalLedger.Refresh renewal, Map<String, AlertEvaluation> rules, Map<String, String> failures) {}

    public Pass evaluateAll() {
        RenewalLedger.Refresh refresh = ledger.refresh();
        Map<String, AlertEvaluation> done = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (AlertRule rule : rules.enabled()) {
            try {
                done.put(rule.name(), evaluate(rule));
            } catch (RuntimeException e) {
                LOG.warn("alert rule '{}' could not be evaluated: {}", rule.name(), e.getMessage());
                failures.put(rule.name(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        return new Pass(refresh, done, failures);
    }

    public AlertEvaluation evaluate(AlertRule rule) {
        Instant now = clock.instant();
        return rules.evaluate(rule, now, AlertTiming.sendAt(rule, now), rule.digestAt().isPresent());
    }
}
