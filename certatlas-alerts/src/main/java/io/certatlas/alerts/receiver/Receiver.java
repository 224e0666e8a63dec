package io.certatlas.alerts.receiver;

/** Carries a message out. Implementations are plain integrations; retries are the outbox's. */
public interface Receiver {

    void send(AlertMessage message) throws DeliveryFailedException;
}
