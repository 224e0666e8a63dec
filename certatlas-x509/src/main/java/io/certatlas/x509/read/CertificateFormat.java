package io.certatlas.x509.read;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The file formats CertAtlas reads certificates from, recognised by their content (magic numbers
 * and ASN.1 shape), never by file name alone.
 */
public enum CertificateFormat {
    /** Base64 blocks between BEGIN/END lines, any text around them. */
    PEM,
    /** One binary X.509 certificate. */
    DER,
    /** A PKCS#7 / CMS signedData certificate bundle (.p7b, .p7c) in binary; PEM ones come through {@link #PEM}. */
    PKCS7,
    /** A PKCS#12 key store (.p12, .pfx). */
    PKCS12,
    /** A Java key store (.jks, .keystore), JKS or JCEKS. */
    JKS;

    private static final String SIGNED_DATA_OID_DER = "06092a864886f70d010702";

    /** The format of the content, or empty when it is none of these. */
    public static Optional<CertificateFormat> detect(byte[] content) {
        if (content.length >= 4) {
            int magic = ((content[0] & 0xff) << 24) | ((content[1] & 0xff) << 16) | ((content[2] & 0xff) << 8)
                    | (content[3] & 0xff);
            if (magic == 0xFEEDFEED || magic == 0xCECECECE) {
                return Optional.of(JKS);
            }
        }
        if (content.length > 2 && (content[0] & 0xff) == 0x30) {
            int inner = headerLength(content, 0);
            if (inner > 0 && inner < content.length) {
                int tag = content[inner] & 0xff;
                if (tag == 0x30) {
                    return Optional.of(DER);
                }
                if (tag == 0x02) {
                    return Optional.of(PKCS12);
                }
                if (tag == 0x06 && startsWith(content, inner, SIGNED_DATA_OID_DER)) {
                    return Optional.of(PKCS7);
                }
            }
        }
        if (containsPemBegin(content)) {
            return Optional.of(PEM);
        }
        return Optional.empty();
    }

    /** Length of the tag and length octets of the TLV at offset, or -1 when they are malformed. */
    static int headerLength(byte[] data, int offset) {
        if (offset + 1 >= data.length) {
            return -1;
        }
        int first = data[offset + 1] & 0xff;
        if (first < 0x80) {
            return 2;
        }
        int octets = first & 0x7f;
        return octets == 0 || octets > 4 || offset + 1 + octets >= data.length ? -1 : 2 + octets;
    }

    /** Total length (header and body) of the definite-length TLV at offset, or -1. */
    static int tlvLength(byte[] data, int offset) {
        int header = headerLength(data, offset);
        if (header < 0) {
            return -1;
        }
        long body;
        int first = data[offset + 1] & 0xff;
        if (first < 0x80) {
            body = first;
        } else {
            body = 0;
            for (int i = 0; i < (first & 0x7f); i++) {
                body = (body << 8) | (data[offset + 2 + i] & 0xff);
            }
        }
        long total = header + body;
        return total > data.length - offset ? -1 : (int) total;
    }

    private static boolean startsWith(byte[] data, int offset, String hex) {
        int n = hex.length() / 2;
        if (offset + n > data.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if ((byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16) != data[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsPemBegin(byte[] content) {
        byte[] marker = "-----BEGIN ".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + marker.length <= content.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (content[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
