package io.certatlas.scan.starttls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS;
import static io.certatlas.scan.starttls.PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY;

/**
 * XMPP STARTTLS, RFC 6120 5.4: open a client stream, wait for stream features that name
 * starttls, send the starttls element, wait for proceed. The XML is scanned for the few
 * elements that matter rather than parsed: the server's stream never closes before TLS.
 */
record XmppStartTls() implements PreTlsDialogue {

    /** Stream header plus features is a few hundred bytes in practice. */
    private static final int MAX_XML = 32 * 1024;

    @Override
    public void run(PlaintextConversation c, String serverName) throws IOException {
        c.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' to='" + xmlAttribute(serverName)
                + "' version='1.0'>");
        String features = readUntil(c, "</stream:features>", "<stream:features/>");
        if (!features.contains("<starttls")) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "stream features do not offer starttls");
        }
        c.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        String answer = readUntil(c, "<proceed", "<failure");
        if (!answer.contains("<proceed")) {
            throw c.fail(SERVER_DOES_NOT_OFFER_TLS, "server answered starttls with failure");
        }
        // "<proceed xmlns='...'/>": consume to the end of the element so no XML is left before TLS
        if (!answer.substring(answer.indexOf("<proceed")).contains(">")) {
            readUntil(c, ">", ">");
        }
    }

    private static String readUntil(PlaintextConversation c, String end, String otherEnd) throws IOException {
        StringBuilder xml = new StringBuilder();
        while (xml.length() < MAX_XML) {
            xml.append(new String(c.readSome(MAX_XML - xml.length()), StandardCharsets.UTF_8));
            if (xml.indexOf("</stream:stream>") >= 0 || xml.indexOf("<stream:error") >= 0) {
                throw c.fail(UNEXPECTED_REPLY, "server ended the stream: " + PlaintextConversation.quote(xml.toString()));
            }
            if (xml.indexOf(end) >= 0 || xml.indexOf(otherEnd) >= 0) {
                return xml.toString();
            }
        }
        throw c.fail(UNEXPECTED_REPLY, "no " + end + " in the first " + MAX_XML + " bytes");
    }

    private static String xmlAttribute(String s) {
        return s.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;");
    }
}
