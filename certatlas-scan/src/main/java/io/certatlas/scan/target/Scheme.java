package io.certatlas.scan.target;

import io.certatlas.scan.starttls.TlsWrapper;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The protocol a target names in front of its host ({@code smtp://mail.internal:2525}): how TLS
 * is reached there, the port used when none is written, and the service name recorded for the
 * instance (Certificate View's spelling). Implicit-TLS schemes reach TLS directly.
 */
public enum Scheme {
    HTTPS("https", 443, TlsWrapper.NONE, "https"),
    TLS("tls", 443, TlsWrapper.NONE, ""),
    SMTP("smtp", 25, TlsWrapper.SMTP, "smtp"),
    SUBMISSION("submission", 587, TlsWrapper.SMTP, "smtp"),
    SMTPS("smtps", 465, TlsWrapper.NONE, "smtps"),
    IMAP("imap", 143, TlsWrapper.IMAP, "imap"),
    IMAPS("imaps", 993, TlsWrapper.NONE, "imaps"),
    POP3("pop3", 110, TlsWrapper.POP3, "pop3"),
    POP3S("pop3s", 995, TlsWrapper.NONE, "pop3s"),
    FTP("ftp", 21, TlsWrapper.FTP, "ftp"),
    FTPS("ftps", 990, TlsWrapper.NONE, "ftps"),
    LDAP("ldap", 389, TlsWrapper.LDAP, "ldap"),
    LDAPS("ldaps", 636, TlsWrapper.NONE, "ldaps"),
    XMPP("xmpp", 5222, TlsWrapper.XMPP, "xmpp"),
    POSTGRESQL("postgresql", 5432, TlsWrapper.POSTGRES, "postgresql"),
    RDP("rdp", 3389, TlsWrapper.RDP, "win_remote_desktop");

    private final String prefix;
    private final int defaultPort;
    private final TlsWrapper wrapper;
    private final String service;

    Scheme(String prefix, int defaultPort, TlsWrapper wrapper, String service) {
        this.prefix = prefix;
        this.defaultPort = defaultPort;
        this.wrapper = wrapper;
        this.service = service;
    }

    /** As written before "://", lower case. */
    public String prefix() {
        return prefix;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public TlsWrapper wrapper() {
        return wrapper;
    }

    /** The service recorded for the instance; empty for {@code tls://}, whose service follows the port. */
    public Optional<String> service() {
        return service.isEmpty() ? Optional.empty() : Optional.of(service);
    }

    /** By prefix, any case; {@code postgres} and {@code starttls-smtp}-style names are not taken. */
    public static Optional<Scheme> byPrefix(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        if (wanted.equals("postgres")) {
            return Optional.of(POSTGRESQL);
        }
        return Arrays.stream(values()).filter(s -> s.prefix.equals(wanted)).findFirst();
    }

    /** "https, tls, smtp, ..." for messages. */
    public static String known() {
        return Arrays.stream(values()).map(Scheme::prefix).collect(Collectors.joining(", "));
    }
}
