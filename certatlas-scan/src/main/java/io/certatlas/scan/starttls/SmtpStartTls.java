package io.certatlas.scan.starttls;

import java.io.IOException;
import java.util.Locale;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/** SMTP STARTTLS, RFC 3207: greeting 220, EHLO lists STARTTLS, STARTTLS answers 220. */
record SmtpStartTls() implements PreTlsDialogue {
    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        var greeting = c.readNumberedReply();
        if (greeting.code() != 220) {
            throw c.fail(UNEXPECTED_REPLY, "greeting was " + greeting.code());
        }
        c.send("EHLO certatlas.invalid\r\n");
        var ehlo = c.readNumberedReply();
        if (ehlo.code() != 250) {
            throw c.fail(UNEXPECTED_REPLY, "EHLO answered " + ehlo.code());
        }
        if (!ehlo.text().toUpperCase(Locale.ROOT).contains("STARTTLS")) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "EHLO reply does not list STARTTLS");
        }
        c.send("STARTTLS\r\n");
        var ready = c.readNumberedReply();
        if (ready.code() != 220) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "STARTTLS answered " + ready.code());
        }
    }
}
