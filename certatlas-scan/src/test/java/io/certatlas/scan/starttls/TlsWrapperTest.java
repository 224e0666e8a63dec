package io.certatlas.scan.starttls;

import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.TestServerIdentity;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each wrapper against a few lines of its protocol's server on 127.0.0.2, followed by a real
 * TLS handshake on the same socket: the handshake succeeding shows the dialogue left no
 * plaintext behind.
 */
class TlsWrapperTest {

    /** The plaintext part of a test server; returns whether to go on with TLS. */
    interface ServerScript {
        boolean run(InputStream in, OutputStream out) throws IOException;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                s.append((char) b);
            }
        }
        return s.toString();
    }

    private static void say(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static final ServerScript SMTP_SERVER = (in, out) -> {
        say(out, "220-mail.test ESMTP\r\n220 ready\r\n");
        assertThat(line(in)).startsWith("EHLO ");
        say(out, "250-mail.test\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n");
        assertThat(line(in)).isEqualTo("STARTTLS");
        say(out, "220 2.0.0 go ahead\r\n");
        return true;
    };

    static final ServerScript SMTP_WITHOUT_STARTTLS = (in, out) -> {
        say(out, "220 mail.test ESMTP\r\n");
        line(in);
        say(out, "250-mail.test\r\n250 PIPELINING\r\n");
        return false;
    };

    static final ServerScript IMAP_SERVER = (in, out) -> {
        say(out, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n");
        assertThat(line(in)).isEqualTo("a1 STARTTLS");
        say(out, "a1 OK Begin TLS negotiation now\r\n");
        return true;
    };

    static final ServerScript POP3_SERVER = (in, out) -> {
        say(out, "+OK POP3 ready\r\n");
        assertThat(line(in)).isEqualTo("STLS");
        say(out, "+OK Begin TLS\r\n");
        return true;
    };

    static final ServerScript POP3_REFUSING = (in, out) -> {
        say(out, "+OK POP3 ready\r\n");
        line(in);
        say(out, "-ERR not here\r\n");
        return false;
    };

    static final ServerScript FTP_SERVER = (in, out) -> {
        say(out, "220-Welcome\r\n220 FTP ready\r\n");
        assertThat(line(in)).isEqualTo("AUTH TLS");
        say(out, "234 AUTH TLS OK.\r\n");
        return true;
    };

    static final ServerScript LDAP_SERVER = (in, out) -> {
        byte[] request = in.readNBytes(LdapStartTls.startTlsRequest().length);
        assertThat(request).isEqualTo(LdapStartTls.startTlsRequest());
        // LDAPMessage { messageID 1, ExtendedResponse { success, "", "", responseName } }, long-form length
        byte[] oid = "1.3.6.1.4.1.1466.20037".getBytes(StandardCharsets.US_ASCII);
        byte[] op = concat(new byte[] {0x0a, 1, 0, 0x04, 0, 0x04, 0, (byte) 0x8a, (byte) oid.length}, oid);
        byte[] body = concat(new byte[] {0x02, 1, 1, 0x78, (byte) op.length}, op);
        out.write(concat(new byte[] {0x30, (byte) 0x81, (byte) body.length}, body));
        out.flush();
        return true;
    };

    static final ServerScript LDAP_REFUSING = (in, out) -> {
        in.readNBytes(LdapStartTls.startTlsRequest().length);
        // resultCode 2 (protocolError)
        byte[] op = {0x0a, 1, 2, 0x04, 0, 0x04, 0};
        byte[] body = concat(new byte[] {0x02, 1, 1, 0x78, (byte) op.length}, op);
        out.write(concat(new byte[] {0x30, (byte) body.length}, body));
        out.flush();
        return false;
    };

    static final ServerScript XMPP_SERVER = (in, out) -> {
        String header = readUntil(in, "version='1.0'>");
        assertThat(header).contains("to='xmpp.test'");
        say(out, "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                + "id='s1' from='xmpp.test' version='1.0'>");
        say(out, "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls></stream:features>");
        assertThat(readUntil(in, "/>")).contains("<starttls");
        say(out, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        return true;
    };

    static final ServerScript POSTGRES_SERVER = (in, out) -> {
        assertThat(in.readNBytes(8)).containsExactly(0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F);
        say(out, "S");
        return true;
    };

    static final ServerScript POSTGRES_REFUSING = (in, out) -> {
        in.readNBytes(8);
        say(out, "N");
        return false;
    };

    static final ServerScript RDP_SERVER = (in, out) -> {
        assertThat(in.readNBytes(19)).isEqualTo(RdpNegotiation.CONNECTION_REQUEST);
        // Connection Confirm with RDP_NEG_RSP selecting PROTOCOL_SSL
        out.write(new byte[] {3, 0, 0, 19, 14, (byte) 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0x1f, 8, 0, 1, 0, 0, 0});
        out.flush();
        return true;
    };

    static final ServerScript RDP_STANDARD_SECURITY_ONLY = (in, out) -> {
        in.readNBytes(19);
        out.write(new byte[] {3, 0, 0, 19, 14, (byte) 0xd0, 0, 0, 0x12, 0x34, 0, 2, 0, 8, 0, 0, 0, 0, 0});
        out.flush();
        return false;
    };

    static final ServerScript SILENT = (in, out) -> {
        in.read();
        return false;
    };

    static final ServerScript GARBAGE = (in, out) -> {
        say(out, "HTTP/1.1 400 Bad Request\r\n\r\n");
        return false;
    };

    @Test
    void smtpUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.SMTP, SMTP_SERVER);
    }

    @Test
    void imapUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.IMAP, IMAP_SERVER);
    }

    @Test
    void pop3UpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.POP3, POP3_SERVER);
    }

    @Test
    void ftpUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.FTP, FTP_SERVER);
    }

    @Test
    void ldapUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.LDAP, LDAP_SERVER);
    }

    @Test
    void xmppUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.XMPP, XMPP_SERVER);
    }

    @Test
    void postgresUpgradesToTls() throws Exception {
        assertUpgrades(TlsWrapper.POSTGRES, POSTGRES_SERVER);
    }

    @Test
    void rdpNegotiatesTls() throws Exception {
        assertUpgrades(TlsWrapper.RDP, RDP_SERVER);
    }

    @Test
    void refusalsAreTypedAsNotOffered() throws Exception {
        assertFails(TlsWrapper.SMTP, SMTP_WITHOUT_STARTTLS, PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS);
        assertFails(TlsWrapper.POP3, POP3_REFUSING, PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS);
        assertFails(TlsWrapper.LDAP, LDAP_REFUSING, PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS);
        assertFails(TlsWrapper.POSTGRES, POSTGRES_REFUSING, PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS);
        assertFails(TlsWrapper.RDP, RDP_STANDARD_SECURITY_ONLY, PreTlsNegotiationFailed.Reason.SERVER_DOES_NOT_OFFER_TLS);
    }

    @Test
    void silentServerCostsOneDeadline() throws Exception {
        assertFails(TlsWrapper.SMTP, SILENT, PreTlsNegotiationFailed.Reason.TIMED_OUT);
    }

    @Test
    void wrongServiceIsUnexpectedReply() throws Exception {
        assertFails(TlsWrapper.SMTP, GARBAGE, PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY);
        assertFails(TlsWrapper.IMAP, GARBAGE, PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY);
        assertFails(TlsWrapper.RDP, GARBAGE, PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY);
    }

    @Test
    void endlessLineIsBounded() throws Exception {
        ServerScript flood = (in, out) -> {
            byte[] junk = new byte[8192];
            java.util.Arrays.fill(junk, (byte) 'x');
            try {
                for (int i = 0; i < 20; i++) {
                    out.write(junk);
                }
            } catch (IOException closedByClient) {
                // expected: the client gives up after its line limit
            }
            return false;
        };
        assertFails(TlsWrapper.POP3, flood, PreTlsNegotiationFailed.Reason.REPLY_TOO_LONG);
    }

    @Test
    void defaultWrapperFollowsThePort() {
        assertThat(TlsWrapper.forPort(25)).isEqualTo(TlsWrapper.SMTP);
        assertThat(TlsWrapper.forPort(587)).isEqualTo(TlsWrapper.SMTP);
        assertThat(TlsWrapper.forPort(143)).isEqualTo(TlsWrapper.IMAP);
        assertThat(TlsWrapper.forPort(110)).isEqualTo(TlsWrapper.POP3);
        assertThat(TlsWrapper.forPort(21)).isEqualTo(TlsWrapper.FTP);
        assertThat(TlsWrapper.forPort(389)).isEqualTo(TlsWrapper.LDAP);
        assertThat(TlsWrapper.forPort(5222)).isEqualTo(TlsWrapper.XMPP);
        assertThat(TlsWrapper.forPort(5432)).isEqualTo(TlsWrapper.POSTGRES);
        assertThat(TlsWrapper.forPort(3389)).isEqualTo(TlsWrapper.RDP);
        for (int implicit : new int[] {443, 465, 636, 993, 995, 8443}) {
            assertThat(TlsWrapper.forPort(implicit)).isEqualTo(TlsWrapper.NONE);
        }
        assertThat(TlsWrapper.byName("smtp")).contains(TlsWrapper.SMTP);
        assertThat(TlsWrapper.byName("postgresql")).contains(TlsWrapper.POSTGRES);
        assertThat(TlsWrapper.byName("gopher")).isEmpty();
    }

    private void assertUpgrades(TlsWrapper wrapper, ServerScript script) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> serveOnce(server, script));
            try (Socket socket = new Socket()) {
                socket.connect(server.getLocalSocketAddress(), 2000);
                wrapper.prepare(socket, "xmpp.test", Deadline.after(Duration.ofSeconds(5)));
                var factory = TestServerIdentity.get().clientContext().getSocketFactory();
                try (SSLSocket tls = (SSLSocket) factory.createSocket(socket, "127.0.0.2", server.getLocalPort(), true)) {
                    tls.setSoTimeout(5000);
                    tls.startHandshake();
                    String greeting = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                    assertThat(greeting).isEqualTo("secret over TLS");
                }
            }
            assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("served");
        }
    }

    private void assertFails(TlsWrapper wrapper, ServerScript script, PreTlsNegotiationFailed.Reason reason) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            CompletableFuture.supplyAsync(() -> serveOnce(server, script));
            try (Socket socket = new Socket()) {
                socket.connect(server.getLocalSocketAddress(), 2000);
                assertThatThrownBy(() -> wrapper.prepare(socket, Deadline.after(Duration.ofMillis(700))))
                        .isInstanceOfSatisfying(PreTlsNegotiationFailed.class, f -> {
                            assertThat(f.reason()).isEqualTo(reason);
                            assertThat(f.wrapper()).isEqualTo(wrapper);
                        });
            }
        }
    }

    private static String serveOnce(ServerSocket server, ServerScript script) {
        try (Socket plain = server.accept()) {
            plain.setSoTimeout(5000);
            if (!script.run(plain.getInputStream(), plain.getOutputStream())) {
                return "refused";
            }
            var factory = TestServerIdentity.get().serverContext().getSocketFactory();
            try (SSLSocket tls = (SSLSocket) factory.createSocket(plain, plain.getInputStream(), true)) {
                tls.setUseClientMode(false);
                tls.startHandshake();
                tls.getOutputStream().write("secret over TLS\n".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                return "served";
            }
        } catch (IOException e) {
            return "server error: " + e;
        }
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder s = new StringBuilder();
        while (s.indexOf(end) < 0 && s.length() < 4096) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            s.append((char) b);
        }
        return s.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
