package io.certatlas.store.alerts;

import java.util.Optional;
import java.util.UUID;

/** Names and UUIDs share one path parameter: this tells them apart. */
final class Uuids {

    private Uuids() {
    }

    static Optional<UUID> parse(String text) {
        try {
            return Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
