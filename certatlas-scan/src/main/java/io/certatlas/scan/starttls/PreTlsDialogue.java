package io.certatlas.scan.starttls;

import java.io.IOException;

/** One protocol's plaintext steps before the TLS handshake. */
sealed interface PreTlsDialogue
        permits DirectTls, SmtpStartTls, ImapStartTls, Pop3Stls, FtpAuthTls, LdapStartTls, XmppStartTls,
                PostgresSslRequest, RdpNegotiation {

    void run(PlaintextConversation conversation, String serverName) throws IOException;
}
