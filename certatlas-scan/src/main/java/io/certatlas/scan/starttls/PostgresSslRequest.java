package io.certatlas.scan.starttls;

import java.io.IOException;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/**
 * PostgreSQL SSLRequest (protocol docs, "SSL Session Encryption"): length 8 and code 80877103
 * (0x04D2162F); the server answers one byte, 'S' to go on with TLS or 'N' to refuse.
 */
record PostgresSslRequest() implements PreTlsDialogue {

    private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xD2, 0x16, 0x2F};

    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        c.send(SSL_REQUEST);
        int answer = c.readByte();
        switch (answer) {
            case 'S' -> { }
            case 'N' -> throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "server answered 'N' to SSLRequest");
            // 'E' is an ErrorResponse from a server too old to know SSLRequest
            default -> throw c.fail(UNEXPECTED_REPLY, "server answered byte 0x" + Integer.toHexString(answer) + " to SSLRequest");
        }
    }
}
