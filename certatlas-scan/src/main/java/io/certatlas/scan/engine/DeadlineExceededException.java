package io.certatlas.scan.engine;

import java.net.SocketTimeoutException;

/** The endpoint's deadline passed while waiting for the peer (a silent or slow-dripping peer). */
public final class DeadlineExceededException extends SocketTimeoutException {
    public DeadlineExceededException(String message) {
        super(message);
    }
}
