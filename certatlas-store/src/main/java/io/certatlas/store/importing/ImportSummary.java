package io.certatlas.store.importing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an import did. {@code certificatesRead} counts every certificate in every file,
 * duplicates included, and is {@code newCertificates + alreadyKnown}: a certificate is new the
 * first time the inventory gets it, and already known when the inventory held it before or
 * this import read it earlier (the same certificate in two files is one new, one already known). {@code firstRejections} keeps at most {@link #KEPT_REJECTIONS}; every
 * rejection is also reported to the {@link ImportListener} as it happens. {@code keysWrittenSince}
 * is the database's clock before the first batch was written (empty when none was): the keys the
 * import wrote with its certificates are audited from then on
 * ({@code KeyAudit.auditImported}).
 */
public record ImportSummary(
        long filesRead,
        long certificatesRead,
        long newCertificates,
        long alreadyKnown,
        long rejectedFiles,
        List<Rejection> firstRejections,
        Duration elapsed,
        Optional<Instant> keysWrittenSince) {

    public static final int KEPT_REJECTIONS = 100;

    public ImportSummary {
        firstRejections = List.copyOf(firstRejections);
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(keysWrittenSince, "keysWrittenSince");
    }
}
