package io.certatlas.scan.starttls;

import java.io.IOException;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/**
 * LDAP StartTLS, RFC 4511 4.14: an ExtendedRequest with requestName 1.3.6.1.4.1.1466.20037,
 * answered by an ExtendedResponse whose resultCode is success (0).
 */
record LdapStartTls() implements PreTlsDialogue {

    private static final String START_TLS_OID = "1.3.6.1.4.1.1466.20037";
    /** An ExtendedResponse carries a few short strings; anything larger is not an LDAP server. */
    private static final int MAX_RESPONSE = 16 * 1024;

    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_ENUMERATED = 0x0A;
    /** [APPLICATION 23] constructed: ExtendedRequest (RFC 4511 4.12). */
    private static final int TAG_EXTENDED_REQUEST = 0x77;
    /** [APPLICATION 24] constructed: ExtendedResponse. */
    private static final int TAG_EXTENDED_RESPONSE = 0x78;
    /** [0] primitive: requestName. */
    private static final int TAG_REQUEST_NAME = 0x80;

    static byte[] startTlsRequest() {
        byte[] oid = START_TLS_OID.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] name = tlv(TAG_REQUEST_NAME, oid);
        byte[] op = tlv(TAG_EXTENDED_REQUEST, name);
        byte[] messageId = tlv(TAG_INTEGER, new byte[] {1});
        return tlv(TAG_SEQUENCE, concat(messageId, op));
    }

    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        c.send(startTlsRequest());
        if (c.readByte() != TAG_SEQUENCE) {
            throw c.fail(UNEXPECTED_REPLY, "answer is not a BER SEQUENCE");
        }
        int length = readLength(c);
        if (length > MAX_RESPONSE) {
            throw c.fail(UNEXPECTED_REPLY, "LDAPMessage claims " + length + " bytes");
        }
        byte[] body = c.readExactly(length);
        var reader = new BerReader(body, c);
        reader.expect(TAG_INTEGER);
        reader.skipValue();
        reader.expect(TAG_EXTENDED_RESPONSE);
        reader.readLength();
        reader.expect(TAG_ENUMERATED);
        byte[] resultCode = reader.value();
        int code = 0;
        for (byte b : resultCode) {
            code = (code << 8) | (b & 0xff);
        }
        if (code != 0) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "StartTLS resultCode " + code);
        }
    }

    private static int readLength(PlaintextConversation c) throws IOException {
        int first = c.readByte();
        if (first < 0x80) {
            return first;
        }
        int count = first & 0x7f;
        if (count == 0 || count > 3) {
            throw c.fail(UNEXPECTED_REPLY, "unsupported BER length form 0x" + Integer.toHexString(first));
        }
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | c.readByte();
        }
        return length;
    }

    private static byte[] tlv(int tag, byte[] value) {
        // all our values are shorter than 128 bytes: short-form length (X.690 8.1.3.4)
        byte[] out = new byte[2 + value.length];
        out[0] = (byte) tag;
        out[1] = (byte) value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A cursor over the body of the LDAPMessage already read in full. */
    private static final class BerReader {
        private final byte[] data;
        private final PlaintextConversation c;
        private int pos;

        BerReader(byte[] data, PlaintextConversation c) {
            this.data = data;
            this.c = c;
        }

        void expect(int tag) throws PreTlsNegotiationFailed {
            int got = next();
            if (got != tag) {
                throw c.fail(UNEXPECTED_REPLY, "expected BER tag 0x" + Integer.toHexString(tag) + ", got 0x" + Integer.toHexString(got));
            }
        }

        int readLength() throws PreTlsNegotiationFailed {
            int first = next();
            if (first < 0x80) {
                return first;
            }
            int count = first & 0x7f;
            if (count == 0 || count > 3) {
                throw c.fail(UNEXPECTED_REPLY, "unsupported BER length form");
            }
            int length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | next();
            }
            return length;
        }

        byte[] value() throws PreTlsNegotiationFailed {
            int length = readLength();
            if (length > data.length - pos) {
                throw c.fail(UNEXPECTED_REPLY, "BER value runs past the message");
            }
            byte[] v = java.util.Arrays.copyOfRange(data, pos, pos + length);
            pos += length;
            return v;
        }

        void skipValue() throws PreTlsNegotiationFailed {
            value();
        }

        private int next() throws PreTlsNegotiationFailed {
            if (pos >= data.length) {
                throw c.fail(UNEXPECTED_REPLY, "LDAPMessage ends early");
            }
            return data[pos++] & 0xff;
        }
    }
}
