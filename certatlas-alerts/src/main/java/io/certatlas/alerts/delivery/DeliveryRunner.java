package io.certatlas.alerts.delivery;

import io.certatlas.alerts.receiver.AlertMessage;
import io.certatlas.alerts.receiver.ConfiguredReceiver;
import io.certatlas.alerts.receiver.DeliveryFailedException;
import io.certatlas.alerts.receiver.MessageRenderer;
import io.certatlas.alerts.receiver.Receiver;
import io.certatlas.alerts.receiver.SecretBox;
import io.certatlas.store.alerts.AlertDelivery;
import io.certatlas.store.alerts.AlertOutbox;
import io.certatlas.store.alerts.AlertReceiver;
import io.certatlas.store.alerts.AlertReceivers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds due: leases a batch, sends each message (a digest's rows for one
 * rule and receiver as one message), and records it sent, to be tried again after a backoff, or
 * dead after the last attempt. Counts what it did for the metrics.
 */
public final class DeliveryRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRunner.class);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 100;

    private final AlertOutbox outbox;
    private final AlertReceivers receivers;
    private final SecretBox secrets;
    private final Clock clock;
    private final RetryPolicy policy;
    private final String owner;

    public DeliveryRunner(AlertOutbox outbox, AlertReceivers receivers, SecretBox secrets, Clock clock, RetryPolicy policy,
                          String owner) {
        this.outbox = outbox;
        this.receivers = receivers;
        this.secrets = secrets;
        this.clock = clock;
        this.policy = policy;
        this.owner = owner;
    }

    /** What one round did, by message (a digest is one message). */
    public record Round(int sent, int failed, int dead) {
        public int attempted() {
            return sent + failed + dead;
        }
    }

    public Round deliverDue() {
        List<AlertDelivery> claimed = outbox.claim(owner, clock.instant(), LEASE, BATCH);
        Map<String, List<AlertDelivery>> messages = new LinkedHashMap<>();
        for (AlertDelivery delivery : claimed) {
            String key = delivery.digest()
                    ? "digest:" + delivery.receiverId() + ":" + delivery.ruleName().orElse("")
                    : "one:" + delivery.id();
            messages.computeIfAbsent(key, k -> new ArrayList<>()).add(delivery);
        }
        int sent = 0;
        int failed = 0;
        int dead = 0;
        for (List<AlertDelivery> rows : messages.values()) {
            switch (send(rows)) {
                case SENT -> sent++;
                case RETRY -> failed++;
                case DEAD -> dead++;
            }
        }
        return new Round(sent, failed, dead);
    }

    private enum Outcome { SENT, RETRY, DEAD }

    private Outcome send(List<AlertDelivery> rows) {
        AlertDelivery first = rows.getFirst();
        String error;
        try {
            Optional<AlertReceiver> stored = receivers.byId(first.receiverId());
            if (stored.isEmpty()) {
                error = "the receiver was deleted";
            } else {
                Receiver receiver = ConfiguredReceiver.of(stored.get(), secrets, clock);
                AlertMessage message = MessageRenderer.render(rows);
                receiver.send(message);
                Instant now = clock.instant();
                rows.forEach(r -> outbox.sent(r.id(), owner, now));
                return Outcome.SENT;
            }
        } catch (DeliveryFailedException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            LOG.warn("a message to receiver '{}' could not be prepared", first.receiverName(), e);
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        int attempts = rows.stream().mapToInt(AlertDelivery::attempts).max().orElse(1);
        if (attempts >= policy.maxAttempts()) {
            LOG.warn("giving up on a message to '{}' after {} attempts: {}", first.receiverName(), attempts, error);
            String reason = error;
            rows.forEach(r -> outbox.dead(r.id(), owner, reason));
            return Outcome.DEAD;
        }
        Instant next = clock.instant().plus(policy.delayAfter(attempts));
        LOG.info("a message to '{}' failed (attempt {}), next try at {}: {}", first.receiverName(), attempts, next, error);
        String reason = error;
        rows.forEach(r -> outbox.retryAt(r.id(), owner, next, reason));
        return Outcome.RETRY;
    }
}
