package io.certatlas.scan.starttls;

/** Implicit TLS: the ClientHello is the first thing on the wire. */
record DirectTls() implements PreTlsDialogue {
    @Override
    public void run(PlaintextConversation conversation, String serverName) {
        // nothing to say before the handshake
    }
}
