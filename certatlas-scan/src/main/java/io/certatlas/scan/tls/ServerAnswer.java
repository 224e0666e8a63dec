package io.certatlas.scan.tls;

import java.util.List;
import java.util.Optional;

/** What a server did with a probe's ClientHello. Every way a probe can end is one of these. */
public sealed interface ServerAnswer {

    /**
     * The server chose parameters. {@code chain} is the certificate list of its Certificate
     * message (leaf first, DER each) when the reader went that far in a TLS 1.2-or-older flight,
     * where it travels in the clear; empty otherwise.
     */
    record Hello(ServerHello hello, Optional<ServerKeyExchangeParameters> keyExchange, int certificateMessages, List<byte[]> chain)
            implements ServerAnswer {
        public Hello {
            chain = List.copyOf(chain);
        }

        public Hello(ServerHello hello, Optional<ServerKeyExchangeParameters> keyExchange, int certificateMessages) {
            this(hello, keyExchange, certificateMessages, List.of());
        }
    }

    /** The server refused with an alert. */
    record Alert(int level, int description) implements ServerAnswer {
        public String descriptionName() {
            return AlertDescription.nameOf(description);
        }
    }

    /** The server closed or reset the connection without a word: a common way to refuse a version. */
    record Closed(String detail) implements ServerAnswer {
    }

    /** The deadline passed before the server finished answering. */
    record TimedOut(int bytesReceived) implements ServerAnswer {
    }

    /** The server sent bytes that are not TLS, or TLS that does not decode, or too many. */
    record NotTls(String reason) implements ServerAnswer {
    }

    /** No connection could be opened (or prepared with STARTTLS) for this probe. */
    record NoConnection(String reason) implements ServerAnswer {
    }

    /** True when the server accepted the hello. */
    default boolean accepted() {
        return this instanceof Hello;
    }
}
