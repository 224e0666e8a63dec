package io.certatlas.scan.probe;

import io.certatlas.scan.tls.Deadline;

import java.io.IOException;
import java.net.Socket;

/**
 * Opens one connection to the endpoint under test, ready for a ClientHello (connected, and past
 * any STARTTLS dialogue). The engine supplies it, so that the per-host connection cap and
 * pacing stay in one place; each probe opens exactly one connection and closes it.
 */
@FunctionalInterface
public interface ConnectionOpener {
    Socket open(Deadline deadline) throws IOException;
}
