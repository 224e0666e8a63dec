package io.certatlas.store.alerts;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One message to one receiver in the outbox, as the sender and the dead-letter list see it. */
public record AlertDelivery(long id, UUID uuid, Optional<String> ruleName, long receiverId, String receiverName,
                            String event, String subject, String payloadJson, boolean digest, String status,
                            int attempts, Instant nextAttempt, String lastError, Instant created, Optional<Instant> sent) {}
