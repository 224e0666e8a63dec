package io.certatlas.x509.issue;

/** Extended key usage purposes (RFC 5280 section 4.2.1.12) a CertAtlas-issued certificate may carry. */
public enum KeyPurpose {
    SERVER_AUTH("serverAuth", "1.3.6.1.5.5.7.3.1"),
    CLIENT_AUTH("clientAuth", "1.3.6.1.5.5.7.3.2"),
    CODE_SIGNING("codeSigning", "1.3.6.1.5.5.7.3.3"),
    EMAIL_PROTECTION("emailProtection", "1.3.6.1.5.5.7.3.4"),
    TIME_STAMPING("timeStamping", "1.3.6.1.5.5.7.3.8"),
    OCSP_SIGNING("OCSPSigning", "1.3.6.1.5.5.7.3.9"),
    ANY("anyExtendedKeyUsage", "2.5.29.37.0");

    private final String rfcName;
    private final String oid;

    KeyPurpose(String rfcName, String oid) {
        this.rfcName = rfcName;
        this.oid = oid;
    }

    public String rfcName() {
        return rfcName;
    }

    public String oid() {
        return oid;
    }
}
