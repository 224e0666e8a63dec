package io.certatlas.scan.engine;

import java.io.IOException;

/** The peer sent more than the endpoint's byte budget: a chain-flooding or garbage-spewing peer. */
public final class ByteLimitExceededException extends IOException {
    public ByteLimitExceededException(long limit) {
        super("the peer sent more than " + limit + " bytes");
    }
}
