package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;

import javax.crypto.Cipher;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks a server to renegotiate the way a client from before RFC 5746 would (the renegotiation
 * of CVE-2009-3555): a full TLS 1.0..1.2 handshake (RSA, ECDHE or DHE key exchange; AES-CBC,
 * 3DES-CBC or AES-GCM), with
 * neither renegotiation_info nor its SCSV, then a second such ClientHello inside the protected
 * connection. A server that answers with a handshake record has begun the insecure
 * renegotiation. The server's certificate is not checked and no application data is sent: the
 * connection exists only to put that question. The JDK's TLS client cannot put it (it
 * renegotiates only securely), hence this small client of our own.
 */
public final class LegacyRenegotiation {

    /** How the premaster secret is agreed. */
    enum KeyExchange { RSA, ECDHE, DHE }

    /**
     * A suite this client can drive: a key exchange it computes, AES-CBC, 3DES-CBC or AES-GCM, and
     * the PRF hash the suite names (SHA-384 or else SHA-256 in TLS 1.2).
     */
    record DrivenSuite(int code, KeyExchange keyExchange, String cipher, int keyLength, boolean gcm, int blockLength, String mac,
                       int macLength, boolean sha384, boolean tls12Only) {

        static DrivenSuite cbc(int code, KeyExchange kx, String cipher, int keyLength, int blockLength, String mac, int macLength) {
            boolean tls12 = !mac.equals("HmacSHA1");
            return new DrivenSuite(code, kx, cipher, keyLength, false, blockLength, mac, macLength, mac.equals("HmacSHA384"), tls12);
        }

        static DrivenSuite gcm(int code, KeyExchange kx, int keyLength, boolean sha384) {
            return new DrivenSuite(code, kx, "AES", keyLength, true, 0, "", 0, sha384, true);
        }
    }

    static final List<DrivenSuite> SUITES = List.of(
            DrivenSuite.cbc(0x002F, KeyExchange.RSA, "AES", 16, 16, "HmacSHA1", 20),       // TLS_RSA_WITH_AES_128_CBC_SHA
            DrivenSuite.cbc(0x0035, KeyExchange.RSA, "AES", 32, 16, "HmacSHA1", 20),       // TLS_RSA_WITH_AES_256_CBC_SHA
            DrivenSuite.cbc(0x003C, KeyExchange.RSA, "AES", 16, 16, "HmacSHA256", 32),     // TLS_RSA_WITH_AES_128_CBC_SHA256
            DrivenSuite.cbc(0x003D, KeyExchange.RSA, "AES", 32, 16, "HmacSHA256", 32),     // TLS_RSA_WITH_AES_256_CBC_SHA256
            DrivenSuite.cbc(0x000A, KeyExchange.RSA, "DESede", 24, 8, "HmacSHA1", 20),     // TLS_RSA_WITH_3DES_EDE_CBC_SHA
            DrivenSuite.gcm(0x009C, KeyExchange.RSA, 16, false),                           // TLS_RSA_WITH_AES_128_GCM_SHA256
            DrivenSuite.gcm(0x009D, KeyExchange.RSA, 32, true),                            // TLS_RSA_WITH_AES_256_GCM_SHA384
            DrivenSuite.cbc(0xC013, KeyExchange.ECDHE, "AES", 16, 16, "HmacSHA1", 20),     // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
            DrivenSuite.cbc(0xC014, KeyExchange.ECDHE, "AES", 32, 16, "HmacSHA1", 20),     // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
            DrivenSuite.cbc(0xC012, KeyExchange.ECDHE, "DESede", 24, 8, "HmacSHA1", 20),   // TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA
            DrivenSuite.cbc(0xC027, KeyExchange.ECDHE, "AES", 16, 16, "HmacSHA256", 32),   // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256
            DrivenSuite.cbc(0xC028, KeyExchange.ECDHE, "AES", 32, 16, "HmacSHA384", 48),   // TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384
            DrivenSuite.gcm(0xC02F, KeyExchange.ECDHE, 16, false),                         // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
            DrivenSuite.gcm(0xC030, KeyExchange.ECDHE, 32, true),                          // TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
            DrivenSuite.cbc(0xC009, KeyExchange.ECDHE, "AES", 16, 16, "HmacSHA1", 20),     // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA
            DrivenSuite.cbc(0xC00A, KeyExchange.ECDHE, "AES", 32, 16, "HmacSHA1", 20),     // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA
            DrivenSuite.cbc(0xC023, KeyExchange.ECDHE, "AES", 16, 16, "HmacSHA256", 32),   // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
            DrivenSuite.cbc(0xC024, KeyExchange.ECDHE, "AES", 32, 16, "HmacSHA384", 48),   // TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
            DrivenSuite.gcm(0xC02B, KeyExchange.ECDHE, 16, false),                         // TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
            DrivenSuite.gcm(0xC02C, KeyExchange.ECDHE, 32, true),                          // TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
            DrivenSuite.cbc(0x0033, KeyExchange.DHE, "AES", 16, 16, "HmacSHA1", 20),       // TLS_DHE_RSA_WITH_AES_128_CBC_SHA
            DrivenSuite.cbc(0x0039, KeyExchange.DHE, "AES", 32, 16, "HmacSHA1", 20),       // TLS_DHE_RSA_WITH_AES_256_CBC_SHA
            DrivenSuite.cbc(0x0016, KeyExchange.DHE, "DESede", 24, 8, "HmacSHA1", 20),     // TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA
            DrivenSuite.cbc(0x0067, KeyExchange.DHE, "AES", 16, 16, "HmacSHA256", 32),     // TLS_DHE_RSA_WITH_AES_128_CBC_SHA256
            DrivenSuite.cbc(0x006B, KeyExchange.DHE, "AES", 32, 16, "HmacSHA256", 32),     // TLS_DHE_RSA_WITH_AES_256_CBC_SHA256
            DrivenSuite.gcm(0x009E, KeyExchange.DHE, 16, false),                           // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
            DrivenSuite.gcm(0x009F, KeyExchange.DHE, 32, true));                           // TLS_DHE_RSA_WITH_AES_256_GCM_SHA384

    private static final int MAX_RECORDS_AWAITED = 16;
    private static final int BYTE_BUDGET = 256 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int SERVER_HELLO = 2;
    private static final int CERTIFICATE = 11;
    private static final int SERVER_KEY_EXCHANGE = 12;
    private static final int CERTIFICATE_REQUEST = 13;
    private static final int SERVER_HELLO_DONE = 14;
    private static final int CLIENT_KEY_EXCHANGE = 16;
    private static final int FINISHED = 20;

    /** What became of the question. */
    public sealed interface Outcome {
        /** The server answered the second hello with a handshake record: it renegotiates insecurely. */
        record Renegotiating() implements Outcome {
        }

        /** It answered with an alert, hung up, or said nothing: {@code how} says which. */
        record Refused(String how) implements Outcome {
        }

        /** The first handshake did not complete, so the question was never put. */
        record HandshakeFailed(String reason) implements Outcome {
        }
    }

    private LegacyRenegotiation() {
    }

    /** Whether this client can drive {@code code} with {@code version}. */
    public static boolean drivable(int code, ProtocolVersion version) {
        return suite(code).filter(s -> !s.tls12Only() || version.atLeast(ProtocolVersion.TLS1_2)).isPresent()
                && version.atLeast(ProtocolVersion.TLS1_0) && !version.atLeast(ProtocolVersion.TLS1_3);
    }

    /**
     * Runs the exchange on a connection ready for a ClientHello.
     *
     * @param suites drivable suites to offer (see {@link #drivable})
     * @throws IOException when the connection fails or times out before any answer
     */
    public static Outcome ask(Socket socket, ProtocolVersion version, List<Integer> suites, Optional<String> serverName, Deadline deadline)
            throws IOException {
        return ask(socket, version, suites, serverName, deadline, false);
    }

    /**
     * As {@link #ask(Socket, ProtocolVersion, List, Optional, Deadline)}, or, when {@code secure},
     * as a client that supports RFC 5746 does it: an empty renegotiation_info in the first hello
     * and the client's Finished verify_data in the second (RFC 5746 3.5). The JDK's client puts
     * that question too, but only with what the scanning JVM allows (not TLS 1.0/1.1, RC4, 3DES,
     * small DH groups): this one asks servers that speak nothing else.
     */
    public static Outcome ask(Socket socket, ProtocolVersion version, List<Integer> suites, Optional<String> serverName, Deadline deadline,
                              boolean secure) throws IOException {
        Objects.requireNonNull(serverName, "serverName");
        if (suites.isEmpty() || !suites.stream().allMatch(code -> drivable(code, version))) {
            throw new IllegalArgumentException("offer only suites this client drives with " + version.displayName() + ", got " + suites);
        }
        try {
            return exchange(socket, version, suites, serverName, deadline, secure);
        } catch (GeneralSecurityException e) {
            return new Outcome.HandshakeFailed("cannot compute the handshake: " + e.getMessage());
        } catch (EOFException e) {
            // the later steps catch their own; this is a hang-up during the server's first flight
            return new Outcome.HandshakeFailed("the server hung up during the handshake");
        }
    }

    private static Outcome exchange(Socket socket, ProtocolVersion offered, List<Integer> suites, Optional<String> serverName, Deadline deadline,
                                    boolean secure) throws IOException, GeneralSecurityException {
        BoundedInput in = new BoundedInput(socket, deadline, BYTE_BUDGET);
        OutputStream out = socket.getOutputStream();
        ByteArrayOutputStream transcript = new ByteArrayOutputStream();
        byte[] hello = secure ? hello(offered, suites, serverName, ClientHello.RenegotiationSignal.EXTENSION)
                : legacyHello(offered, suites, serverName);
        byte[] clientRandom = Arrays.copyOfRange(hello, 6, 38);
        deadline.applyTo(socket);
        out.write(RecordLayer.wrap(RecordLayer.HANDSHAKE, 0x0301, hello));
        out.flush();
        transcript.writeBytes(hello);

        // The server's first flight, up to ServerHelloDone.
        HandshakeMessages messages = new HandshakeMessages();
        ProtocolVersion version = null;
        byte[] serverRandom = null;
        DrivenSuite suite = null;
        PublicKey serverKey = null;
        EphemeralKeyExchange ephemeral = null;
        boolean done = false;
        boolean certificateRequested = false;
        while (!done) {
            Record record = Record.read(in);
            if (record.type() == RecordLayer.ALERT) {
                return new Outcome.HandshakeFailed("the server answered the hello with alert " + alertName(record.body()));
            }
            if (record.type() != RecordLayer.HANDSHAKE) {
                return new Outcome.HandshakeFailed("the server sent record type " + record.type() + " during its first flight");
            }
            messages.append(record.body());
            for (byte[] message = messages.next(); message != null; message = messages.next()) {
                transcript.writeBytes(message);
                int type = message[0] & 0xFF;
                byte[] body = Arrays.copyOfRange(message, 4, message.length);
                switch (type) {
                    case SERVER_HELLO -> {
                        if (body.length < 38 || body.length < 38 + (body[34] & 0xFF)) {
                            return new Outcome.HandshakeFailed("the server's ServerHello is truncated");
                        }
                        int wire = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                        version = ProtocolVersion.fromWireCode(wire).orElse(null);
                        serverRandom = Arrays.copyOfRange(body, 2, 34);
                        int sessionIdLength = body[34] & 0xFF;
                        int code = ((body[35 + sessionIdLength] & 0xFF) << 8) | (body[36 + sessionIdLength] & 0xFF);
                        if (version == null || !suites.contains(code) || !drivable(code, version) || version.compareTo(offered) > 0) {
                            return new Outcome.HandshakeFailed(String.format("the server chose version 0x%04X and suite 0x%04X", wire, code));
                        }
                        suite = suite(code).orElseThrow();
                    }
                    case CERTIFICATE -> serverKey = firstCertificateKey(body);
                    case SERVER_KEY_EXCHANGE -> {
                        if (suite == null || suite.keyExchange() == KeyExchange.RSA) {
                            return new Outcome.HandshakeFailed("the server sent a ServerKeyExchange with an RSA suite (export or temporary RSA)");
                        }
                        try {
                            ephemeral = suite.keyExchange() == KeyExchange.ECDHE ? EphemeralKeyExchange.ecdhe(body) : EphemeralKeyExchange.dhe(body);
                        } catch (GeneralSecurityException e) {
                            return new Outcome.HandshakeFailed("cannot use the server's key exchange parameters: " + e.getMessage());
                        }
                    }
                    // Answered below as a client without a certificate does (RFC 5246 7.4.6): an empty
                    // Certificate message; a server that insists then says so with an alert.
                    case CERTIFICATE_REQUEST -> certificateRequested = true;
                    case SERVER_HELLO_DONE -> done = true;
                    default -> {
                        // certificate_status and the like: part of the transcript, nothing to act on
                    }
                }
            }
        }
        if (suite == null) {
            return new Outcome.HandshakeFailed("the server's flight lacked a ServerHello");
        }
        byte[] preMaster;
        byte[] keyExchangeBody;
        if (suite.keyExchange() == KeyExchange.RSA) {
            if (!(serverKey instanceof RSAPublicKey)) {
                return new Outcome.HandshakeFailed("the server sent no RSA certificate for an RSA key exchange");
            }
            // RFC 5246 7.4.7.1: the version offered, then 46 random bytes, encrypted to the server's key
            preMaster = new byte[48];
            RANDOM.nextBytes(preMaster);
            preMaster[0] = (byte) (offered.wireCode() >>> 8);
            preMaster[1] = (byte) offered.wireCode();
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, serverKey);
            keyExchangeBody = new ByteWriter().vector16(rsa.doFinal(preMaster)).toByteArray();
        } else if (ephemeral == null) {
            return new Outcome.HandshakeFailed("the server sent no ServerKeyExchange for an ephemeral key exchange");
        } else {
            preMaster = ephemeral.preMasterSecret();
            keyExchangeBody = ephemeral.clientKeyExchange();
        }

        // [empty Certificate,] ClientKeyExchange, ChangeCipherSpec, Finished (RFC 5246 7.4.6, 7.4.7, 7.4.9, 8.1).
        byte[] emptyCertificate = new ByteWriter().u8(CERTIFICATE).vector24(new byte[] {0, 0, 0}).toByteArray();
        if (certificateRequested) {
            transcript.writeBytes(emptyCertificate);
        }
        byte[] keyExchange = new ByteWriter().u8(CLIENT_KEY_EXCHANGE).vector24(keyExchangeBody).toByteArray();
        transcript.writeBytes(keyExchange);
        Prf prf = Prf.forVersion(version, suite.sha384());
        byte[] master = prf.derive(preMaster, "master secret", Prf.concat(clientRandom, serverRandom), 48);
        // RFC 5246 6.3 (and RFC 5288 3 for GCM's 4-byte salt; TLS 1.0's CBC IV comes from here too)
        int ivLength = suite.gcm() ? 4 : version == ProtocolVersion.TLS1_0 ? suite.blockLength() : 0;
        byte[] keys = prf.derive(master, "key expansion", Prf.concat(serverRandom, clientRandom),
                2 * suite.macLength() + 2 * suite.keyLength() + 2 * ivLength);
        byte[] clientMacKey = Arrays.copyOfRange(keys, 0, suite.macLength());
        int at = 2 * suite.macLength();
        byte[] clientKey = Arrays.copyOfRange(keys, at, at + suite.keyLength());
        at += 2 * suite.keyLength();
        byte[] clientIv = Arrays.copyOfRange(keys, at, at + ivLength);
        RecordSealer sealer = suite.gcm()
                ? new GcmRecordSealer(version, clientKey, clientIv)
                : new CbcRecordSealer(version, suite.cipher(), clientKey, suite.blockLength(), suite.mac(), clientMacKey, clientIv);
        byte[] verifyData = prf.derive(master, "client finished", prf.transcriptHash(transcript.toByteArray()), 12);
        byte[] finished = new ByteWriter().u8(FINISHED).vector24(verifyData).toByteArray();
        ByteArrayOutputStream flight = new ByteArrayOutputStream();
        if (certificateRequested) {
            flight.writeBytes(RecordLayer.wrap(RecordLayer.HANDSHAKE, version.wireCode(), emptyCertificate));
        }
        flight.writeBytes(RecordLayer.wrap(RecordLayer.HANDSHAKE, version.wireCode(), keyExchange));
        flight.writeBytes(RecordLayer.wrap(RecordLayer.CHANGE_CIPHER_SPEC, version.wireCode(), new byte[] {1}));
        flight.writeBytes(sealer.seal(RecordLayer.HANDSHAKE, finished));
        deadline.applyTo(socket);
        out.write(flight.toByteArray());
        out.flush();

        // The server's ChangeCipherSpec and Finished: the handshake is complete.
        boolean changedCipher = false;
        for (int i = 0; ; i++) {
            if (i >= MAX_RECORDS_AWAITED) {
                return new Outcome.HandshakeFailed("no Finished from the server");
            }
            Record record;
            try {
                record = Record.read(in);
            } catch (EOFException e) {
                return new Outcome.HandshakeFailed(certificateRequested
                        ? "the server hung up after the probe's empty Certificate: it requires a client certificate"
                        : "the server hung up after the probe's Finished");
            }
            if (record.type() == RecordLayer.ALERT) {
                String alert = changedCipher ? "an encrypted alert" : "alert " + alertName(record.body());
                return new Outcome.HandshakeFailed(certificateRequested
                        ? "the server requires a client certificate: it answered the probe's empty Certificate with " + alert
                        : "the server refused the probe's Finished with " + alert);
            }
            if (record.type() == RecordLayer.CHANGE_CIPHER_SPEC) {
                changedCipher = true;
            } else if (record.type() == RecordLayer.HANDSHAKE && changedCipher) {
                break;
            }
        }

        // The question: a second hello, as a client without RFC 5746 would send it.
        deadline.applyTo(socket);
        out.write(sealer.seal(RecordLayer.HANDSHAKE, secure
                ? withRenegotiationInfo(hello(version, suites, serverName, ClientHello.RenegotiationSignal.NONE), verifyData)
                : legacyHello(version, suites, serverName)));
        out.flush();
        try {
            for (int i = 0; i < MAX_RECORDS_AWAITED; i++) {
                Record record = Record.read(in);
                if (record.type() == RecordLayer.HANDSHAKE) {
                    return new Outcome.Renegotiating();
                }
                if (record.type() == RecordLayer.ALERT) {
                    return new Outcome.Refused("the server answered with an alert");
                }
            }
            return new Outcome.Refused("the server sent data but no handshake");
        } catch (EOFException | java.net.SocketException e) {
            return new Outcome.Refused("the server closed the connection");
        } catch (SocketTimeoutException | Deadline.DeadlineExpiredException e) {
            return new Outcome.Refused("no answer before the probe's deadline");
        }
    }

    private static byte[] legacyHello(ProtocolVersion version, List<Integer> suites, Optional<String> serverName) {
        return hello(version, suites, serverName, ClientHello.RenegotiationSignal.NONE);
    }

    private static byte[] hello(ProtocolVersion version, List<Integer> suites, Optional<String> serverName, ClientHello.RenegotiationSignal signal) {
        List<NamedGroup> groups = EphemeralKeyExchange.GROUPS.stream().map(code -> NamedGroup.fromCode(code).orElseThrow()).toList();
        return ClientHello.forProbe(version, suites, serverName).withGroups(groups).withRenegotiationSignal(signal).handshakeMessage();
    }

    /**
     * A ClientHello handshake message (built without renegotiation_info) with the extension
     * carrying {@code clientVerifyData} appended: the renegotiating hello of RFC 5746 3.5.
     */
    static byte[] withRenegotiationInfo(byte[] hello, byte[] clientVerifyData) {
        byte[] body = Arrays.copyOfRange(hello, 4, hello.length);
        int at = 2 + 32;
        at += 1 + (body[at] & 0xFF);                                          // session id
        at += 2 + (((body[at] & 0xFF) << 8) | (body[at + 1] & 0xFF));         // cipher suites
        at += 1 + (body[at] & 0xFF);                                          // compression methods
        byte[] existing = at < body.length ? Arrays.copyOfRange(body, at + 2, body.length) : new byte[0];
        byte[] extension = new ByteWriter().u16(ClientHello.EXT_RENEGOTIATION_INFO)
                .vector16(new ByteWriter().vector8(clientVerifyData).toByteArray()).toByteArray();
        byte[] extensions = Prf.concat(existing, extension);
        byte[] newBody = new ByteWriter().bytes(Arrays.copyOfRange(body, 0, at)).vector16(extensions).toByteArray();
        return new ByteWriter().u8(hello[0] & 0xFF).vector24(newBody).toByteArray();
    }

    private static Optional<DrivenSuite> suite(int code) {
        return SUITES.stream().filter(s -> s.code() == code).findFirst();
    }

    private static PublicKey firstCertificateKey(byte[] body) throws GeneralSecurityException {
        if (body.length < 6) {
            return null;
        }
        int length = ((body[3] & 0xFF) << 16) | ((body[4] & 0xFF) << 8) | (body[5] & 0xFF);
        if (6 + length > body.length) {
            return null;
        }
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(body, 6, length)).getPublicKey();
    }

    private static String alertName(byte[] body) {
        return body.length >= 2 ? AlertDescription.nameOf(body[1] & 0xFF) : "(truncated)";
    }

    /** One record as read: content type and fragment. */
    private record Record(int type, byte[] body) {
        static Record read(BoundedInput in) throws IOException {
            byte[] header = in.readExactly(5);
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (length > RecordLayer.MAX_RECORD) {
                throw new IOException("record of " + length + " bytes, more than TLS allows");
            }
            return new Record(header[0] & 0xFF, in.readExactly(length));
        }
    }

    /** Handshake messages reassembled from records (a message may span records, a record hold several). */
    private static final class HandshakeMessages {
        private byte[] pending = new byte[0];

        void append(byte[] fragment) {
            pending = Prf.concat(pending, fragment);
        }

        /** The next complete message with its 4-byte header, or null. */
        byte[] next() {
            if (pending.length < 4) {
                return null;
            }
            int length = ((pending[1] & 0xFF) << 16) | ((pending[2] & 0xFF) << 8) | (pending[3] & 0xFF);
            if (pending.length < 4 + length) {
                return null;
            }
            byte[] message = Arrays.copyOfRange(pending, 0, 4 + length);
            pending = Arrays.copyOfRange(pending, 4 + length, pending.length);
            return message;
        }
    }
}
