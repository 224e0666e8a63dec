package io.certatlas.scan.starttls;

import io.certatlas.scan.tls.BoundedInput;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Line and byte I/O for a pre-TLS dialogue, bounded by the wrapper's byte budget and deadline. */
final class PlaintextConversation {

    /** RFC 5321 4.5.3.1.5 allows 512 octets per reply line; be generous but bounded. */
    private static final int MAX_LINE = 4096;

    private final TlsWrapper wrapper;
    private final OutputStream out;
    private final BoundedInput in;

    PlaintextConversation(TlsWrapper wrapper, Socket socket, BoundedInput in) throws IOException {
        this.wrapper = wrapper;
        this.out = socket.getOutputStream();
        this.in = in;
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.US_ASCII));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads one line without its CRLF (a bare LF also ends a line). */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.readByte();
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw fail(PreTlsNegotiationFailed.Reason.REPLY_TOO_LONG, "a reply line is longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
    }

    /**
     * Reads a numbered multi-line reply (SMTP, FTP: "250-..." lines then "250 ..."), RFC 5321
     * 4.2.1, and returns it with the final code.
     */
    NumberedReply readNumberedReply() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2))) {
                throw fail(PreTlsNegotiationFailed.Reason.UNEXPECTED_REPLY, "expected a numbered reply, got " + quote(line));
            }
            text.append(line).append('\n');
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new NumberedReply(Integer.parseInt(line.substring(0, 3)), text.toString());
            }
        }
    }

    int readByte() throws IOException {
        return in.readByte();
    }

    byte[] readExactly(int n) throws IOException {
        return in.readExactly(n);
    }

    byte[] readSome(int max) throws IOException {
        return in.readSome(max);
    }

    PreTlsNegotiationFailed fail(PreTlsNegotiationFailed.Reason reason, String detail) {
        return new PreTlsNegotiationFailed(wrapper, reason, detail);
    }

    static String quote(String s) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return '"' + shown.replaceAll("[^\\x20-\\x7e]", "?") + '"';
    }

    record NumberedReply(int code, String text) {
    }
}
