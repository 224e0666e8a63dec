package io.certatlas.alerts.receiver;

import io.certatlas.store.alerts.AlertReceiver;
import java.time.Clock;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns a stored receiver into one that sends, opening its sealed secret. */
public final class ConfiguredReceiver {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfiguredReceiver() {
    }

    public static Receiver of(AlertReceiver stored, SecretBox secrets, Clock clock) {
        JsonNode settings = JSON.readTree(stored.settingsJson());
        Optional<String> secret = stored.sealedSecret().map(secrets::open);
        return switch (stored.kind()) {
            case WEBHOOK -> new WebhookReceiver(WebhookSettings.from(settings), secret.orElseThrow(
                    () -> new IllegalStateException("webhook receiver '" + stored.name() + "' has no signing secret")), clock);
            case EMAIL -> new EmailReceiver(EmailSettings.from(settings), secret);
        };
    }
}
