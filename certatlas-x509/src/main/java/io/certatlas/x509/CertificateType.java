package io.certatlas.x509;

/** Where a certificate sits in a chain, with the label Certificate View uses. */
public enum CertificateType {
    LEAF("Leaf"),
    INTERMEDIATE("Intermediate"),
    ROOT("Root");

    private final String label;

    CertificateType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
