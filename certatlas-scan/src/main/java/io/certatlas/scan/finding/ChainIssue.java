package io.certatlas.scan.finding;

import java.util.Objects;

/**
 * One thing wrong with a served chain, and which certificate it is about.
 *
 * @param position index in the served chain, 0 being the leaf
 * @param detail   a sentence naming the certificate and the fact ("#0 CN=a.test expired 2026-01-01T00:00:00Z")
 */
public record ChainIssue(Kind kind, int position, String detail) {

    /** The kinds of trouble a chain can have; each maps to one catalogue key. */
    public enum Kind {
        SELF_SIGNED("cert.self-signed"),
        NAME_MISMATCH("cert.name-mismatch"),
        UNTRUSTED("cert.untrusted"),
        VALIDITY_TOO_LONG("cert.validity-too-long"),
        EXPIRES_WITHIN_SIX_MONTHS("cert.expires-within-six-months"),
        EXPIRED("cert.expired"),
        NOT_YET_VALID("cert.not-yet-valid"),
        WEAK_KEY("cert.weak-key"),
        WEAK_SIGNATURE("cert.weak-signature"),
        CHAIN_INCOMPLETE("cert.chain-incomplete"),
        /** More certificates were served than CertAtlas keeps ({@code ServedChain}). */
        CHAIN_TRUNCATED("cert.chain-truncated");

        private final String findingKey;

        Kind(String findingKey) {
            this.findingKey = findingKey;
        }

        public String findingKey() {
            return findingKey;
        }
    }

    public ChainIssue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
