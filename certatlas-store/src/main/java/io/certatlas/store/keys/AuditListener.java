package io.certatlas.store.keys;

/** Hears how far a long key audit is, for a progress bar: {@code done} of {@code total} in the named phase. */
@FunctionalInterface
public interface AuditListener {

    AuditListener SILENT = (phase, done, total) -> { };

    void progress(String phase, long done, long total);
}
