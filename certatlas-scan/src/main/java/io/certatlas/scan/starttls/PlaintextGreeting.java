package io.certatlas.scan.starttls;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises the plaintext greeting a mail or file server sends as soon as a client connects
 * ({@code 220 } for SMTP and FTP, {@code * OK} for IMAP, {@code +OK} for POP3): a port that
 * answers a ClientHello with one of these speaks TLS only after STARTTLS.
 */
public final class PlaintextGreeting {

    private PlaintextGreeting() {
    }

    /** The STARTTLS dialogue for the greeting that begins {@code firstBytesHex}, if it is one of the known ones. */
    public static Optional<TlsWrapper> wrapperFor(String firstBytesHex) {
        String text;
        try {
            text = new String(HexFormat.of().parseHex(firstBytesHex), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (text.startsWith("220 ") || text.startsWith("220-")) {
            return Optional.of(text.toUpperCase(Locale.ROOT).contains("FTP") ? TlsWrapper.FTP : TlsWrapper.SMTP);
        }
        if (text.startsWith("* OK")) {
            return Optional.of(TlsWrapper.IMAP);
        }
        if (text.startsWith("+OK")) {
            return Optional.of(TlsWrapper.POP3);
        }
        return Optional.empty();
    }

    /** What to tell the operator: how to scan this port with the dialogue it asks for. */
    public static String hint(TlsWrapper wrapper, int port) {
        String name = wrapper.name().toLowerCase(Locale.ROOT);
        return "a plaintext " + wrapper.name() + " greeting: scan it with STARTTLS, as " + name + "://HOST:" + port
                + " or with --starttls " + port + "=" + name;
    }
}
