package io.certatlas.alerts.receiver;

/** A receiver did not take a message; the reason is kept with the message in the outbox. */
public final class DeliveryFailedException extends Exception {

    public DeliveryFailedException(String message) {
        super(message);
    }

    public DeliveryFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
