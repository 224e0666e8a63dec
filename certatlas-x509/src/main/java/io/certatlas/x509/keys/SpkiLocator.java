package io.certatlas.x509.keys;

import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the SubjectPublicKeyInfo inside a DER certificate by stepping over the fields before it
 * (RFC 5280 4.1: version, serial number, signature, issuer, validity, subject), without decoding
 * any of them. An import checks the key of every certificate it has just analysed: parsing the
 * whole certificate a second time for its key was a quarter of the readers' work.
 *
 * <p>Only definite-length DER is followed; anything else (BER, a truncated or hostile encoding)
 * gives empty, and the caller parses the whole certificate instead, which says what is wrong.
 */
final class SpkiLocator {

    private static final int SEQUENCE = 0x30;
    private static final int VERSION = 0xa0;

    private SpkiLocator() {
    }

    /** The SubjectPublicKeyInfo's complete encoding (tag, length and contents), if it can be found. */
    static Optional<byte[]> find(byte[] der) {
        Header certificate = Header.at(der, 0, der.length);
        if (certificate == null || certificate.tag != SEQUENCE) {
            return Optional.empty();
        }
        Header tbs = Header.at(der, certificate.contentStart, certificate.end);
        if (tbs == null || tbs.tag != SEQUENCE) {
            return Optional.empty();
        }
        int at = tbs.contentStart;
        Header field = Header.at(der, at, tbs.end);
        if (field != null && field.tag == VERSION) {
            at = field.end;
        }
        // serial number, signature, issuer, validity, subject
        for (int i = 0; i < 5; i++) {
            field = Header.at(der, at, tbs.end);
            if (field == null) {
                return Optional.empty();
            }
            at = field.end;
        }
        Header spki = Header.at(der, at, tbs.end);
        if (spki == null || spki.tag != SEQUENCE) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(der, at, spki.end));
    }

    /** One TLV's tag, where its contents start and where it ends; null when it does not fit in {@code limit}. */
    private record Header(int tag, int contentStart, int end) {

        static Header at(byte[] der, int offset, int limit) {
            if (offset < 0 || offset + 2 > limit) {
                return null;
            }
            int tag = der[offset] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                return null; // high tag numbers never occur before the key
            }
            int first = der[offset + 1] & 0xff;
            int at = offset + 2;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7f;
                if (octets == 0 || octets > 4 || at + octets > limit) {
                    return null; // indefinite length (BER), or longer than any array
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (der[at++] & 0xff);
                }
            }
            long end = at + length;
            return end > limit ? null : new Header(tag, at, (int) end);
        }
    }
}
