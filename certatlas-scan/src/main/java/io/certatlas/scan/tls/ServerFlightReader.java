package io.certatlas.scan.tls;

import io.certatlas.scan.suite.CipherSuite;
import io.certatlas.scan.suite.CipherSuiteCatalogue;
import io.certatlas.scan.suite.KeyExchange;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Optional;

/**
 * Sends a ClientHello and reads the server's first flight until it has what the probe asked
 * for. Records may split or coalesce handshake messages (RFC 5246 6.2.1), so messages are
 * reassembled across records. Nothing the server sends can make this read more than its byte
 * budget or wait past the deadline.
 */
public final class ServerFlightReader {

    /** A first flight is ServerHello + chain + key exchange: 256 KiB covers the longest real chains. */
    public static final int DEFAULT_BYTE_BUDGET = 256 * 1024;

    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int SERVER_HELLO_DONE = 14;

    /** How far into the server's flight to read. */
    public enum ReadUntil {
        /** Stop at the ServerHello: enough for version, suite, renegotiation_info, TLS 1.3 group. */
        SERVER_HELLO,
        /** Go on to ServerKeyExchange or ServerHelloDone (TLS 1.2 and earlier) for the DH/ECDH parameters. */
        KEY_EXCHANGE,
        /** Go on to the Certificate message (TLS 1.2 and earlier), or ServerHelloDone when there is none (anonymous suites). */
        CERTIFICATE
    }

    private final CipherSuiteCatalogue catalogue;
    private final int byteBudget;

    public ServerFlightReader(CipherSuiteCatalogue catalogue, int byteBudget) {
        this.catalogue = catalogue;
        this.byteBudget = byteBudget;
    }

    public static ServerFlightReader standard() {
        return new ServerFlightReader(CipherSuiteCatalogue.standard(), DEFAULT_BYTE_BUDGET);
    }

    /** Writes the hello on a connected socket (already past any STARTTLS) and reads the answer. */
    public ServerAnswer exchange(Socket socket, ClientHello hello, Deadline deadline, ReadUntil until) {
        BoundedInput in;
        try {
            deadline.applyTo(socket);
            OutputStream out = socket.getOutputStream();
            out.write(hello.toRecords());
            out.flush();
            in = new BoundedInput(socket, deadline, byteBudget);
        } catch (Deadline.DeadlineExpiredException e) {
            return new ServerAnswer.TimedOut(0);
        } catch (IOException e) {
            return new ServerAnswer.Closed("could not send the ClientHello: " + e.getMessage());
        }
        return read(in, until);
    }

    /** Reads a server flight from any bounded source. */
    public ServerAnswer read(BoundedInput in, ReadUntil until) {
        Flight flight = new Flight();
        try {
            return readRecords(in, until, flight);
        } catch (Deadline.DeadlineExpiredException | SocketTimeoutException e) {
            return flight.partial().orElse(new ServerAnswer.TimedOut(in.consumed()));
        } catch (BoundedInput.ByteBudgetExceededException e) {
            return flight.partial().orElse(new ServerAnswer.NotTls(e.getMessage()));
        } catch (EOFException e) {
            return flight.partial().orElse(new ServerAnswer.Closed(in.consumed() == 0 ? "closed without answering" : e.getMessage()));
        } catch (SocketException e) {
            return flight.partial().orElse(new ServerAnswer.Closed(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            return flight.partial().orElse(new ServerAnswer.Closed(e.toString()));
        } catch (MalformedMessage e) {
            return flight.partial().orElse(new ServerAnswer.NotTls(e.getMessage()));
        }
    }

    private ServerAnswer readRecords(BoundedInput in, ReadUntil until, Flight flight) throws IOException, MalformedMessage {
        while (true) {
            byte[] header = in.readExactly(5);
            int type = header[0] & 0xFF;
            int major = header[1] & 0xFF;
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (type < RecordLayer.CHANGE_CIPHER_SPEC || type > RecordLayer.APPLICATION_DATA || major != 3) {
                throw new MalformedMessage(describeNonTls(header, in.consumed()));
            }
            if (length > RecordLayer.MAX_RECORD) {
                throw new MalformedMessage("record of " + length + " bytes exceeds 2^14+2048");
            }
            byte[] payload = in.readExactly(length);
            switch (type) {
                case RecordLayer.ALERT -> {
                    if (payload.length < 2) {
                        throw new MalformedMessage("alert record of " + payload.length + " bytes");
                    }
                    Optional<ServerAnswer> partial = flight.partial();
                    if (partial.isPresent()) {
                        return partial.get();
                    }
                    return new ServerAnswer.Alert(payload[0] & 0xFF, payload[1] & 0xFF);
                }
                case RecordLayer.HANDSHAKE -> {
                    flight.append(payload);
                    Optional<ServerAnswer> done = flight.consumeMessages(until);
                    if (done.isPresent()) {
                        return done.get();
                    }
                }
                case RecordLayer.APPLICATION_DATA -> {
                    // encrypted handshake (TLS 1.3) or a peer that skipped the handshake
                    return flight.partial().orElseThrow(() -> new MalformedMessage("application data before any ServerHello"));
                }
                default -> { } // ChangeCipherSpec: TLS 1.3 middlebox compatibility (RFC 8446 D.4)
            }
        }
    }

    private static String describeNonTls(byte[] header, int consumed) {
        String ascii = new String(header, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("HTTP/") || ascii.matches("[\\x20-\\x7e]{5}")) {
            return "plaintext answer, not TLS: " + ascii.replaceAll("[^\\x20-\\x7e]", "?") + "...";
        }
        if ((header[0] & 0x80) != 0 && header[2] == 4) {
            return "SSLv2 ServerHello";
        }
        return String.format("not a TLS record header at byte %d: %02x %02x %02x %02x %02x", consumed - 5,
                header[0], header[1], header[2], header[3], header[4]);
    }

    /** Handshake bytes received so far and what was decoded from them. */
    private final class Flight {
        private byte[] buffer = new byte[0];
        private Optional<ServerHello> hello = Optional.empty();
        private int certificates;
        private java.util.List<byte[]> chain = java.util.List.of();

        void append(byte[] fragment) {
            byte[] joined = java.util.Arrays.copyOf(buffer, buffer.length + fragment.length);
            System.arraycopy(fragment, 0, joined, buffer.length, fragment.length);
            buffer = joined;
        }

        /** A Hello answer from what is known, when the server stopped after its ServerHello. */
        Optional<ServerAnswer> partial() {
            return hello.map(h -> new ServerAnswer.Hello(h, Optional.empty(), certificates, chain));
        }

        Optional<ServerAnswer> consumeMessages(ReadUntil until) throws MalformedMessage {
            while (buffer.length >= 4) {
                int length = ((buffer[1] & 0xFF) << 16) | ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF);
                if (length > byteBudget) {
                    throw new MalformedMessage("handshake message claims " + length + " bytes");
                }
                if (buffer.length < 4 + length) {
                    return Optional.empty();
                }
                int type = buffer[0] & 0xFF;
                byte[] body = java.util.Arrays.copyOfRange(buffer, 4, 4 + length);
                buffer = java.util.Arrays.copyOfRange(buffer, 4 + length, buffer.length);
                Optional<ServerAnswer> answer = onMessage(type, body, until);
                if (answer.isPresent()) {
                    return answer;
                }
            }
            return Optional.empty();
        }

        private Optional<ServerAnswer> onMessage(int type, byte[] body, ReadUntil until) throws MalformedMessage {
            if (hello.isEmpty()) {
                if (type == 0) {
                    return Optional.empty(); // HelloRequest may come at any time (RFC 5246 7.4.1.1)
                }
                if (type != SERVER_HELLO) {
                    throw new MalformedMessage("first handshake message is type " + type + ", not ServerHello");
                }
                ServerHello sh = ServerHello.decode(body);
                hello = Optional.of(sh);
                boolean noMoreCleartext = sh.version() == ProtocolVersion.TLS1_3 || sh.helloRetryRequest();
                if (until == ReadUntil.SERVER_HELLO || noMoreCleartext
                        || (until == ReadUntil.KEY_EXCHANGE && !hasServerKeyExchange(sh.cipherSuite()))) {
                    return partial();
                }
                return Optional.empty();
            }
            return switch (type) {
                case CERTIFICATE -> {
                    certificates++;
                    if (until == ReadUntil.CERTIFICATE) {
                        chain = certificateList(body);
                        yield partial();
                    }
                    yield Optional.empty();
                }
                case SERVER_KEY_EXCHANGE -> until == ReadUntil.CERTIFICATE ? Optional.empty() : Optional.of(new ServerAnswer.Hello(hello.get(),
                        Optional.of(decodeKeyExchange(hello.get().cipherSuite(), body)), certificates));
                case SERVER_HELLO_DONE -> partial();
                default -> Optional.empty();
            };
        }
    }

    /** A TLS 1.2-or-older Certificate message body: a 24-bit list of 24-bit-length DER certificates (RFC 5246 7.4.2). */
    private static java.util.List<byte[]> certificateList(byte[] body) throws MalformedMessage {
        ByteReader r = new ByteReader(body);
        byte[] list = r.vector24();
        ByteReader entries = new ByteReader(list);
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        while (entries.remaining() > 0) {
            out.add(entries.vector24());
        }
        return out;
    }

    private boolean hasServerKeyExchange(int suiteCode) {
        return catalogue.byCode(suiteCode)
                .map(s -> s.keyExchange() == KeyExchange.DHE || s.keyExchange() == KeyExchange.ECDHE || s.export())
                .orElse(true);
    }

    private ServerKeyExchangeParameters decodeKeyExchange(int suiteCode, byte[] body) throws MalformedMessage {
        Optional<CipherSuite> suite = catalogue.byCode(suiteCode);
        ByteReader r = new ByteReader(body);
        KeyExchange kx = suite.map(CipherSuite::keyExchange).orElse(KeyExchange.ECDHE);
        return switch (kx) {
            case ECDHE, ECDH -> {
                int curveType = r.u8();
                yield switch (curveType) {
                    case 3 -> new ServerKeyExchangeParameters.NamedCurve(r.u16());
                    case 1, 2 -> new ServerKeyExchangeParameters.ExplicitCurve();
                    default -> throw new MalformedMessage("unknown ECCurveType " + curveType);
                };
            }
            case DHE, DH -> new ServerKeyExchangeParameters.FiniteField(ServerKeyExchangeParameters.bitLength(r.vector16()));
            case RSA -> new ServerKeyExchangeParameters.TemporaryRsa(ServerKeyExchangeParameters.bitLength(r.vector16()));
            default -> throw new MalformedMessage("no ServerKeyExchange decoding for " + kx + " suites");
        };
    }
}
