package io.certatlas.store;

import io.certatlas.store.Observation.ObservedFinding;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where recording an observation meets the weak-key audit: its key findings are added before the
 * observation is recorded, and its certificates are audited against the inventory after. A failing
 * key check is logged and never costs the observation.
 */
final class KeyHook {

    private static final System.Logger LOG = System.getLogger(KeyHook.class.getName());

    private KeyHook() {
    }

    static Observation withKeyFindings(Database database, Observation o) {
        if (o.instance().isEmpty() || o.chain().isEmpty()) {
            return o;
        }
        try {
            List<ObservedFinding> keys = database.keyAudit().findingsFor(o.chain());
            if (keys.isEmpty()) {
                return o;
            }
            Set<Integer> qids = new HashSet<>();
            keys.forEach(f -> qids.add(f.qid()));
            List<ObservedFinding> findings = new ArrayList<>(o.findings().stream().filter(f -> !qids.contains(f.qid())).toList());
            findings.addAll(keys);
            return new Observation(o.asset(), o.instance(), o.chain(), findings, o.source(), o.observedAt());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the key checks of an observation failed; it is recorded without them: " + e, e);
            return o;
        }
    }

    static void recorded(Database database, Inventory.Recorded recorded) {
        try {
            database.keyAudit().audit(recorded.certificateIds());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the key audit of recorded certificates " + recorded.certificateIds() + " failed: " + e, e);
        }
    }
}
