package io.certatlas.store.alerts;

/**
 * What evaluating one rule did: whether the pass was whole or read changes only (and then how many
 * certificates and endpoints it re-read), how many subjects it found matching among those it read,
 * and the alerts that started, the alerts that ended, the messages queued.
 */
public record AlertEvaluation(boolean ran, boolean whole, int certificatesRead, int endpointsRead,
                              int matching, int fired, int resolved, int queued) {

    public static AlertEvaluation skipped() {
        return new AlertEvaluation(false, false, 0, 0, 0, 0, 0, 0);
    }
}
