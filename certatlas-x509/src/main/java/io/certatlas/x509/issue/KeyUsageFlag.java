package io.certatlas.x509.issue;

import org.bouncycastle.asn1.x509.KeyUsage;

/** The key usage bits of RFC 5280 section 4.2.1.3, named as the RFC names them. */
public enum KeyUsageFlag {
    DIGITAL_SIGNATURE("digitalSignature", KeyUsage.digitalSignature),
    NON_REPUDIATION("nonRepudiation", KeyUsage.nonRepudiation),
    KEY_ENCIPHERMENT("keyEncipherment", KeyUsage.keyEncipherment),
    DATA_ENCIPHERMENT("dataEncipherment", KeyUsage.dataEncipherment),
    KEY_AGREEMENT("keyAgreement", KeyUsage.keyAgreement),
    KEY_CERT_SIGN("keyCertSign", KeyUsage.keyCertSign),
    CRL_SIGN("cRLSign", KeyUsage.cRLSign),
    ENCIPHER_ONLY("encipherOnly", KeyUsage.encipherOnly),
    DECIPHER_ONLY("decipherOnly", KeyUsage.decipherOnly);

    private final String rfcName;
    private final int bcMask;

    KeyUsageFlag(String rfcName, int bcMask) {
        this.rfcName = rfcName;
        this.bcMask = bcMask;
    }

    /** The name RFC 5280 gives the bit, e.g. {@code digitalSignature}. */
    public String rfcName() {
        return rfcName;
    }

    int bcMask() {
        return bcMask;
    }
}
