package io.certatlas.x509;

/**
 * Who vouches for a certificate. The documented set (docs/query-language.md):
 * {@code Self-Signed} (signed by its own key), {@code Public} (issued under a root of the
 * configured public trust store), {@code Private} (any other issuer: an internal CA or one
 * CertAtlas cannot place).
 */
public enum IssuerCategory {
    SELF_SIGNED("Self-Signed"),
    PUBLIC("Public"),
    PRIVATE("Private");

    private final String label;

    IssuerCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
