package io.certatlas.alerts.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * E-mail to a real SMTP server in-process (GreenMail) behind a STARTTLS front: the message
 * arrives after the upgrade, authenticated, with a plain-text and an HTML part; a relay that does
 * not offer STARTTLS gets nothing (no fall-back to clear text).
 */
class EmailReceiverTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GreenMail mail;
    private StartTlsFront front;
    private Issuer ca;

    @BeforeEach
    void start() throws Exception {
        mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@example.org", "alerts", "smtp password"));
        mail.start();
        ca = Issuer.selfSigned(CertificateSpec.authority("Mail Test CA"));
        IssuedCertificate relay = ca.issue(CertificateSpec.leaf("127.0.0.1"));
        front = new StartTlsFront(relay, ca.certificate().certificate(), mail.getSmtp().getPort());
    }

    @AfterEach
    void stop() throws Exception {
        front.close();
        mail.stop();
    }

    private EmailSettings settings(int port) {
        return EmailSettings.from(JSON.readTree("""
                {"host": "127.0.0.1", "port": %d, "username": "alerts", "from": "alerts@example.org",
                 "to": ["ops@example.org"], "trustCertificatePem": %s}""".formatted(port,
                JSON.writeValueAsString(ca.certificate().pem()))));
    }

    @Test
    void anAddressCarryingALineBreakOrASecondRecipientIsRefusedWhenWritten() {
        for (String hostile : new String[] {"alerts@example.org\r\nBcc: evil@example.net", "a@example.org, evil@example.net"}) {
            assertThatThrownBy(() -> EmailSettings.from(JSON.readTree("{\"host\": \"127.0.0.1\", \"from\": "
                    + JSON.writeValueAsString(hostile) + ", \"to\": [\"ops@example.org\"]}")))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("from must be an e-mail address");
            assertThatThrownBy(() -> EmailSettings.from(JSON.readTree("{\"host\": \"127.0.0.1\", \"from\": \"a@example.org\","
                    + " \"to\": [" + JSON.writeValueAsString(hostile) + "]}")))
                    .isInstanceOf(InvalidSettingException.class).hasMessageContaining("to must be a list of e-mail addresses");
        }
    }

    @Test
    void aRelayAtAMetadataAddressOrWithASecondLineIsRefusedWhenWritten() {
        for (String host : new String[] {"169.254.169.254", "[fe80::1]", "0.0.0.0", "smtp.example.org\r\nX: y",
                "smtp.example.org:25", "smtp example.org"}) {
            assertThatThrownBy(() -> EmailSettings.from(JSON.readTree("{\"host\": " + JSON.writeValueAsString(host)
                    + ", \"from\": \"a@example.org\", \"to\": [\"ops@example.org\"]}")))
                    .as(host).isInstanceOf(InvalidSettingException.class)
                    .satisfies(e -> assertThat(((InvalidSettingException) e).field()).isEqualTo("host"));
        }
        for (String host : new String[] {"smtp.example.org", "192.0.2.25", "::1", "[::1]", "localhost"}) {
            assertThat(EmailSettings.from(JSON.readTree("{\"host\": " + JSON.writeValueAsString(host)
                    + ", \"from\": \"a@example.org\", \"to\": [\"ops@example.org\"]}")).host()).isEqualTo(host);
        }
    }

    @Test
    void aMessageArrivesOverStartTlsWithTextAndHtml() throws Exception {
        new EmailReceiver(settings(front.port()), Optional.of("smtp password")).send(MessageRenderer.test("ops mail", Instant.now()));

        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage received = mail.getReceivedMessages()[0];
        assertThat(front.upgrades()).isEqualTo(1);
        assertThat(received.getSubject()).isEqualTo("CertAtlas test message");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(GreenMailUtil.getBody(parts.getBodyPart(0))).contains("receiver 'ops mail'");
    }

    @Test
    void aRelayWithoutStartTlsGetsNothing() {
        assertThatThrownBy(() -> new EmailReceiver(settings(mail.getSmtp().getPort()), Optional.of("smtp password"))
                .send(MessageRenderer.test("ops mail", Instant.now())))
                .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("did not take the message");
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRelayWhoseCertificateIsNotTrustedGetsNothing() {
        EmailSettings untrusted = EmailSettings.from(JSON.readTree("""
                {"host": "127.0.0.1", "port": %d, "from": "alerts@example.org", "to": ["ops@example.org"]}"""
                .formatted(front.port())));
        assertThatThrownBy(() -> new EmailReceiver(untrusted, Optional.empty()).send(MessageRenderer.test("x", Instant.now())))
                .isInstanceOf(DeliveryFailedException.class);
        assertThat(mail.getReceivedMessages()).isEmpty();
    }

    @Test
    void clearTextIsOnlyForARelayOnThisMachine() throws Exception {
        for (String remote : new String[] {"smtp.example.org", "10.0.0.25", "192.168.1.2", "fd00::25", "127.1", "localhost.example.org"}) {
            assertThatThrownBy(() -> EmailSettings.from(JSON.readTree("""
                    {"host": "%s", "security": "none", "from": "alerts@example.org", "to": ["ops@example.org"]}""".formatted(remote))))
                    .as(remote).isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("only for a relay on this machine").hasMessageContaining("use 'starttls'")
                    .satisfies(e -> assertThat(((InvalidSettingException) e).field()).isEqualTo("security"));
        }
        for (String local : new String[] {"localhost", "127.0.0.1", "127.0.0.53", "::1"}) {
            assertThat(EmailSettings.from(JSON.readTree("""
                    {"host": "%s", "security": "none", "from": "alerts@example.org", "to": ["ops@example.org"]}""".formatted(local)))
                    .startTls()).as(local).isFalse();
        }

        EmailSettings plain = EmailSettings.from(JSON.readTree("""
                {"host": "127.0.0.1", "port": %d, "security": "none", "from": "alerts@example.org", "to": ["ops@example.org"]}"""
                .formatted(mail.getSmtp().getPort())));
        new EmailReceiver(plain, Optional.empty()).send(MessageRenderer.test("local relay", Instant.now()));
        assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(front.upgrades()).isZero();
    }

    @Test
    void aPeerThatIsNoRelayIsQuotedByOneShortLineAtMost() throws Exception {
        // Any service may answer on the port a receiver names; what it says must not be readable through a test.
        try (ServerSocket service = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket peer = service.accept()) {
                    peer.getOutputStream().write(("SSH-2.0-" + "x".repeat(500) + "\u001b[2J\r\nsecond line: db_password=hunter2\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    peer.getInputStream().read();
                } catch (IOException ignored) {
                    // the receiver hung up
                }
            });
            assertThatThrownBy(() -> new EmailReceiver(settings(service.getLocalPort()), Optional.of("smtp password"))
                    .send(MessageRenderer.test("x", Instant.now())))
                    .isInstanceOf(DeliveryFailedException.class).hasMessageContaining("did not take the message")
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("hunter2").doesNotContain("\u001b"));
        }
    }
}
