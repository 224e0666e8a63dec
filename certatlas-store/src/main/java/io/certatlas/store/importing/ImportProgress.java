package io.certatlas.store.importing;

/** A snapshot of a running import, for a progress bar. {@code filesFound} grows while the walk goes on. */
public record ImportProgress(long filesFound, boolean walkDone, long filesRead, long certificatesRead,
                             long certificatesWritten, long rejectedFiles) {
}
