package io.certatlas.cli;

import io.certatlas.cli.progress.TerminalProgress;
import io.certatlas.store.Database;
import io.certatlas.store.keys.AuditListener;
import io.certatlas.store.keys.AuditSummary;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The weak-key audit as a command runs it: with a progress line, waiting for a batch GCD the audit started. */
final class KeyCheckRun {

    private KeyCheckRun() {
    }

    /**
     * Finishes the key audit of an import (its keys were written with its certificates from
     * {@code keysSince} on, when it wrote any), checks every certificate not checked yet, and waits
     * for any full batch GCD that started.
     */
    static AuditSummary imported(Database database, Optional<Instant> keysSince) {
        AtomicReference<String> state = new AtomicReference<>("keys: reading the RSA moduli of the inventory");
        try (TerminalProgress progress = new TerminalProgress(System.err, state::get)) {
            AuditListener listener = listener(state);
            AuditSummary summary = keysSince.isPresent() ? database.keyAudit().auditImported(keysSince.get(), listener)
                    : database.keyAudit().auditUnchecked(listener);
            if (!database.keyAudit().recomputation().isDone()) {
                state.set("keys: batch GCD over every RSA modulus of the inventory");
                database.keyAudit().recomputation().join();
            }
            return summary;
        }
    }

    /** The full audit: unchecked keys first, then a batch GCD over every modulus. */
    static AuditSummary full(Database database) {
        AtomicReference<String> state = new AtomicReference<>("keys: reading the RSA moduli of the inventory");
        try (TerminalProgress progress = new TerminalProgress(System.err, state::get)) {
            AuditListener listener = listener(state);
            database.keyAudit().recomputation().join();
            database.keyAudit().auditUnchecked(listener);
            return database.keyAudit().recomputeAll(listener);
        }
    }

    private static AuditListener listener(AtomicReference<String> state) {
        return (phase, done, total) -> state.set(total > 0
                ? String.format(Locale.ROOT, "keys: %s %s %,d/%,d", TerminalProgress.bar((double) done / total, 30), phase, done, total)
                : String.format(Locale.ROOT, "keys: %s %,d", phase, done));
    }
}
