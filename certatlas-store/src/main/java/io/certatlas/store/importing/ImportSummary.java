package io.certatlas.store.importing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an import did. {@code newCertificates + alreadyKnown} is the number of distinct
 * certificates written; {@code certificatesRead} counts every certificate in every file,
 * duplicates included. {@code firstRejections} keeps at most {@link #KEPT_REJECTIONS}; every
 * rejection is also reported to the {@link ImportListener} as it happens.
 */
public record ImportSummary(
        long filesRead,
        long certificatesRead,
        long newCertificates,
        long alreadyKnown,
        long rejectedFiles,
        List<Rejection> firstRejections,
        Duration elapsed) {

    public static final int KEPT_REJECTIONS = 100;

    public ImportSummary {
        firstRejections = List.copyOf(firstRejections);
        Objects.requireNonNull(elapsed, "elapsed");
    }
}
