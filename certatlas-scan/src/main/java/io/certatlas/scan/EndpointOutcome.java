package io.certatlas.scan;

import io.certatlas.scan.engine.FailureReason;
import io.certatlas.scan.finding.ChainAssessment;
import io.certatlas.x509.CertificateFacts;
import java.util.List;
import java.util.Objects;

/** How an endpoint answered. Only {@link Tls} carries a chain. */
public sealed interface EndpointOutcome {

    /**
     * The endpoint speaks TLS and served this chain (leaf first, DER each) in a handshake that
     * chose {@code protocol} ("TLSv1.3") and {@code cipherSuite}; {@code facts} are the x509
     * module's analysis of each served certificate (empty when one cannot be parsed, which the
     * assessment then reports); {@code assessment} is the chain's judgement.
     */
    record Tls(List<byte[]> chain, List<CertificateFacts> facts, String protocol, String cipherSuite,
               ChainAssessment assessment) implements EndpointOutcome {
        public Tls {
            chain = List.copyOf(chain);
            facts = List.copyOf(facts);
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(cipherSuite, "cipherSuite");
            Objects.requireNonNull(assessment, "assessment");
        }
    }

    /** The connect was refused (RST): nothing listens on the port. */
    record Closed() implements EndpointOutcome {
    }

    /** The connect got no answer in time, or the network said the host cannot be reached. */
    record Filtered(String detail) implements EndpointOutcome {
        public Filtered {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The port is open but speaks something other than TLS; {@code firstBytesHex} is how it began,
     * and {@code hint} what to do about it when the scanner recognised it (a mail server's
     * plaintext greeting that STARTTLS did not upgrade), else "".
     */
    record NotTls(String firstBytesHex, String hint) implements EndpointOutcome {
        public NotTls {
            Objects.requireNonNull(firstBytesHex, "firstBytesHex");
            Objects.requireNonNull(hint, "hint");
        }

        public NotTls(String firstBytesHex) {
            this(firstBytesHex, "");
        }
    }

    /** The port accepted a connection but no chain came of it, for a reason from a closed list. */
    record Failed(FailureReason reason, String detail) implements EndpointOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The outcome as one lower-case word for logs and summaries ("tls", "closed", "deadline_exceeded"...). */
    default String label() {
        return switch (this) {
            case Tls tls -> "tls";
            case Closed closed -> "closed";
            case Filtered filtered -> "filtered";
            case NotTls notTls -> "not_tls";
            case Failed failed -> failed.reason().label();
        };
    }
}
