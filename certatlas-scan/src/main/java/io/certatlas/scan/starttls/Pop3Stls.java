package io.certatlas.scan.starttls;

import java.io.IOException;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/** POP3 STLS, RFC 2595 4: greeting "+OK", then "STLS" answered "+OK". */
record Pop3Stls() implements PreTlsDialogue {
    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        String greeting = c.readLine();
        if (!greeting.startsWith("+OK")) {
            throw c.fail(UNEXPECTED_REPLY, "greeting was " + PlaintextConversation.quote(greeting));
        }
        c.send("STLS\r\n");
        String answer = c.readLine();
        if (!answer.startsWith("+OK")) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "STLS answered " + PlaintextConversation.quote(answer));
        }
    }
}
