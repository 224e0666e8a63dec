package io.certatlas.store.demo;

/** The demo only fills an empty store; this one already holds an inventory. */
public final class StoreNotEmptyException extends RuntimeException {
    public StoreNotEmptyException(String message) {
        super(message);
    }
}
