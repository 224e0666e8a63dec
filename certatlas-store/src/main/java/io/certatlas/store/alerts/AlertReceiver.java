package io.certatlas.store.alerts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Where alerts go: a webhook or an e-mail address list. {@code settingsJson} holds what may be
 * shown; {@code sealedSecret} the signing key or SMTP password, sealed, never shown.
 */
public record AlertReceiver(long id, UUID uuid, String name, Kind kind, String settingsJson,
                            Optional<byte[]> sealedSecret, String createdBy, Instant created) {

    public enum Kind { WEBHOOK, EMAIL }
}
