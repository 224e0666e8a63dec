package io.certatlas.alerts.receiver;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends a message over SMTP with STARTTLS (required: a relay that does not offer it is a
 * failure, never a fallback to clear text), authenticating when a user is set, as
 * multipart/alternative with a plain-text and an HTML part.
 */
public final class EmailReceiver implements Receiver {

    private static final String TIMEOUT_MS = "15000";
    private static final int REASON_CHARS = 200;

    private final EmailSettings settings;
    private final Optional<String> password;

    public EmailReceiver(EmailSettings settings, Optional<String> password) {
        this.settings = settings;
        this.password = password;
    }

    @Override
    public void send(AlertMessage message) throws DeliveryFailedException {
        Optional<RefusedAddress.Resolved> refused;
        try {
            refused = RefusedAddress.amongAddressesOf(settings.host());
        } catch (UnknownHostException e) {
            throw new DeliveryFailedException("the SMTP relay " + settings.host() + " does not resolve", e);
        }
        if (refused.isPresent()) {
            // As for webhooks: a name must not lead the connection (and the banner quoted on failure) to metadata.
            throw new DeliveryFailedException("not sent: the SMTP relay " + settings.host() + " resolves to "
                    + refused.get().address().getHostAddress() + ", " + refused.get().why().description());
        }
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", Integer.toString(settings.port()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        if (settings.startTls()) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
            properties.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
            settings.trustCertificatePem().ifPresent(pem -> properties.put("mail.smtp.ssl.socketFactory", trusting(pem)));
        }
        properties.put("mail.smtp.auth", Boolean.toString(settings.username().isPresent()));
        Session session = Session.getInstance(properties);
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(settings.from()));
            for (String to : settings.to()) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            mail.setSubject(message.title(), "UTF-8");
            mail.setSentDate(new Date());
            mail.setHeader("X-CertAtlas-Delivery", message.deliveryId());
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), "UTF-8", "html");
            mail.setContent(new MimeMultipart("alternative", text, html));
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(settings.host(), settings.port(), settings.username().orElse(null), password.orElse(null));
                transport.sendMessage(mail, mail.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw new DeliveryFailedException("the SMTP relay " + settings.host() + ":" + settings.port()
                    + " did not take the message: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The mail library quotes what the peer said ("bad greeting ... response: ..."). An SMTP reply
     * line is worth showing, but the peer may be any service that answers on that port, so only
     * its first line is kept, cut short and without control characters.
     */
    private static String firstLine(String said) {
        String line = String.valueOf(said).lines().findFirst().orElse("").replaceAll("\\p{Cntrl}", "?");
        return line.length() <= REASON_CHARS ? line : line.substring(0, REASON_CHARS) + "...";
    }

    private static javax.net.ssl.SSLSocketFactory trusting(String pem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int n = 0;
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
                trust.setCertificateEntry("relay-" + n++, (X509Certificate) certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new InvalidSettingException("trustCertificatePem", "the relay certificate cannot be read: " + e.getMessage());
        }
    }
}
