package io.certatlas.store.alerts;

/** What evaluating one rule changed: alerts that started, alerts that ended, messages queued. */
public record AlertEvaluation(boolean ran, int matching, int fired, int resolved, int queued) {

    public static AlertEvaluation skipped() {
        return new AlertEvaluation(false, 0, 0, 0, 0);
    }
}
