package io.certatlas.scan.starttls;

import java.io.IOException;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/** FTP AUTH TLS, RFC 4217 4: greeting 220, then "AUTH TLS" answered 234. */
record FtpAuthTls() implements PreTlsDialogue {
    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        var greeting = c.readNumberedReply();
        if (greeting.code() != 220) {
            throw c.fail(UNEXPECTED_REPLY, "greeting was " + greeting.code());
        }
        c.send("AUTH TLS\r\n");
        var answer = c.readNumberedReply();
        if (answer.code() != 234) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "AUTH TLS answered " + answer.code());
        }
    }
}
