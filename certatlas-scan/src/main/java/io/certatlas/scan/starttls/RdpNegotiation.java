package io.certatlas.scan.starttls;

import java.io.IOException;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/**
 * RDP security negotiation: an X.224 Connection Request carrying RDP_NEG_REQ (MS-RDPBCGR
 * 2.2.1.1) asking for TLS or CredSSP, answered by a Connection Confirm with RDP_NEG_RSP
 * (2.2.1.2). After a confirm that selects TLS or CredSSP, the next bytes are a TLS handshake.
 */
record RdpNegotiation() implements PreTlsDialogue {

    static final int PROTOCOL_RDP = 0x0;
    static final int PROTOCOL_SSL = 0x1;
    static final int PROTOCOL_HYBRID = 0x2;

    /** TPKT (RFC 1006) + X.224 CR (ISO 8073 13.3) + RDP_NEG_REQ, 19 bytes. */
    static final byte[] CONNECTION_REQUEST = {
            0x03, 0x00, 0x00, 0x13,             // TPKT version 3, total length 19
            0x0e, (byte) 0xe0, 0, 0, 0, 0, 0,   // LI 14, CR, dst-ref, src-ref, class 0
            0x01, 0x00, 0x08, 0x00,             // RDP_NEG_REQ, flags, length 8 (little-endian)
            PROTOCOL_SSL | PROTOCOL_HYBRID, 0, 0, 0 // requestedProtocols (little-endian)
    };

    private static final int TYPE_NEG_RSP = 0x02;
    private static final int TYPE_NEG_FAILURE = 0x03;
    private static final int X224_CONNECTION_CONFIRM = 0xd0;

    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        c.send(CONNECTION_REQUEST);
        byte[] tpkt = c.readExactly(4);
        if (tpkt[0] != 0x03) {
            throw c.fail(UNEXPECTED_REPLY, "not a TPKT header (first byte 0x" + Integer.toHexString(tpkt[0] & 0xff) + ")");
        }
        int total = ((tpkt[2] & 0xff) << 8) | (tpkt[3] & 0xff);
        if (total < 11 || total > 512) {
            throw c.fail(UNEXPECTED_REPLY, "TPKT length " + total + " is not a Connection Confirm");
        }
        byte[] x224 = c.readExactly(total - 4);
        if ((x224[1] & 0xf0) != X224_CONNECTION_CONFIRM) {
            throw c.fail(UNEXPECTED_REPLY, "X.224 TPDU code 0x" + Integer.toHexString(x224[1] & 0xff) + " is not a Connection Confirm");
        }
        if (x224.length < 7 + 8) {
            // no RDP_NEG_RSP: a server from before negotiation existed speaks Standard RDP Security only
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "Connection Confirm without RDP_NEG_RSP (standard RDP security)");
        }
        int type = x224[7] & 0xff;
        int value = (x224[11] & 0xff) | (x224[12] & 0xff) << 8 | (x224[13] & 0xff) << 16 | (x224[14] & 0xff) << 24;
        switch (type) {
            case TYPE_NEG_RSP -> {
                if (value == PROTOCOL_RDP) {
                    throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "server selected standard RDP security");
                }
            }
            case TYPE_NEG_FAILURE -> throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "RDP_NEG_FAILURE code " + value);
            default -> throw c.fail(UNEXPECTED_REPLY, "unknown negotiation type 0x" + Integer.toHexString(type));
        }
    }
}
