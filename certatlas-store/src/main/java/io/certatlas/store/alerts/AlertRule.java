package io.certatlas.store.alerts;

import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An alert rule: the certificates it looks at (a QQL filter, blank for all), the condition and
 * its threshold, the receivers, quiet hours (messages wait for their end) and a daily digest
 * time (messages gather until then), both read in {@code zone}.
 */
public record AlertRule(long id, UUID uuid, String name, String filter, AlertCondition condition, String threshold,
                        boolean enabled, Optional<LocalTime> quietStart, Optional<LocalTime> quietEnd, String zone,
                        Optional<LocalTime> digestAt, List<UUID> receivers, String createdBy, Instant created,
                        Optional<Instant> evaluated) {

    public AlertRule {
        receivers = List.copyOf(receivers);
    }
}
