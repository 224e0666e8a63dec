package io.certatlas.scan.starttls;

import java.io.IOException;
import java.util.Locale;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/** IMAP STARTTLS, RFC 3501 6.2.1: greeting "* OK", then "a1 STARTTLS" answered "a1 OK". */
record ImapStartTls() implements PreTlsDialogue {

    /** Untagged lines a server may send before the tagged answer (capabilities, alerts). */
    private static final int MAX_UNTAGGED = 50;

    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        String greeting = c.readLine();
        if (!greeting.toUpperCase(Locale.ROOT).startsWith("* OK")) {
            throw c.fail(UNEXPECTED_REPLY, "greeting was " + PlaintextConversation.quote(greeting));
        }
        c.send("a1 STARTTLS\r\n");
        for (int i = 0; i < MAX_UNTAGGED; i++) {
            String line = c.readLine();
            String upper = line.toUpperCase(Locale.ROOT);
            if (upper.startsWith("A1 OK")) {
                return;
            }
            if (upper.startsWith("A1 ")) {
                throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "STARTTLS answered " + PlaintextConversation.quote(line));
            }
        }
        throw c.fail(UNEXPECTED_REPLY, "no tagged answer to STARTTLS after " + MAX_UNTAGGED + " lines");
    }
}
