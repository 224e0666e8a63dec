package io.certatlas.scan.capture;

import io.certatlas.scan.engine.FailureReason;
import java.util.List;
import java.util.Objects;

/** What one chain-capturing handshake gave. */
public sealed interface CaptureResult {

    /**
     * The server's chain as served, leaf first, DER each; with the version and suite the server
     * chose (e.g. "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").
     */
    record Captured(List<byte[]> chain, String protocol, String cipherSuite) implements CaptureResult {
        public Captured {
            chain = List.copyOf(chain);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(cipherSuite, "cipherSuite");
        }
    }

    /** The peer answered, but not with TLS; {@code firstBytesHex} is what it did say. */
    record NotTls(String firstBytesHex) implements CaptureResult {
        public NotTls {
            Objects.requireNonNull(firstBytesHex, "firstBytesHex");
        }
    }

    record Failed(FailureReason reason, String detail) implements CaptureResult {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
