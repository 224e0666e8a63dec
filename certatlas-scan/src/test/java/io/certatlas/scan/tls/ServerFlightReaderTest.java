package io.certatlas.scan.tls;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Server flights built byte by byte, fed from memory: splitting, coalescing, alerts, garbage. */
class ServerFlightReaderTest {

    private final ServerFlightReader reader = ServerFlightReader.standard();

    static byte[] serverHello(int version, int suite, byte[] extensions) {
        ByteWriter body = new ByteWriter().u16(version).bytes(new byte[32]).vector8(new byte[0]).u16(suite).u8(0);
        if (extensions.length > 0) {
            body.vector16(extensions);
        }
        return new ByteWriter().u8(2).vector24(body.toByteArray()).toByteArray();
    }

    static byte[] record(int type, byte[] payload) {
        return new ByteWriter().u8(type).u16(0x0303).vector16(payload).toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final byte[] RENEGOTIATION_INFO = {(byte) 0xFF, 0x01, 0, 1, 0};

    @Test
    void readsAServerHelloWithRenegotiationInfo() {
        byte[] flight = record(22, serverHello(0x0303, 0xC02F, RENEGOTIATION_INFO));
        var answer = reader.read(BoundedInput.inMemory(flight, 1 << 16), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
            assertThat(h.hello().version()).isEqualTo(ProtocolVersion.TLS1_2);
            assertThat(h.hello().cipherSuite()).isEqualTo(0xC02F);
            assertThat(h.hello().secureRenegotiation()).isTrue();
        });
    }

    @Test
    void reassemblesMessagesSplitAcrossRecordsAndReadsTheKeyExchange() {
        byte[] hello = serverHello(0x0303, 0xC02F, new byte[0]);
        byte[] certificate = new ByteWriter().u8(11).vector24(new ByteWriter().vector24(new byte[0]).toByteArray()).toByteArray();
        byte[] point = new byte[65];
        byte[] ske = new ByteWriter().u8(12).vector24(new ByteWriter().u8(3).u16(24).vector8(point).u16(0x0401).vector16(new byte[64])
                .toByteArray()).toByteArray();
        byte[] done = {14, 0, 0, 0};
        byte[] all = concat(hello, certificate, ske, done);
        // one byte per record: the worst split a server can do
        ByteArrayOutputStream records = new ByteArrayOutputStream();
        for (byte b : all) {
            records.writeBytes(record(22, new byte[] {b}));
        }
        var answer = reader.read(BoundedInput.inMemory(records.toByteArray(), 1 << 16), ServerFlightReader.ReadUntil.KEY_EXCHANGE);
        assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
            assertThat(h.keyExchange()).contains(new ServerKeyExchangeParameters.NamedCurve(24));
            assertThat(h.keyExchange().orElseThrow().strengthBits()).isEqualTo(7680);
            assertThat(h.certificateMessages()).isEqualTo(1);
        });
    }

    @Test
    void readsFiniteFieldSizeFromCoalescedRecord() {
        byte[] prime = new byte[128];
        prime[0] = (byte) 0x80;
        byte[] ske = new ByteWriter().u8(12).vector24(new ByteWriter().vector16(prime).vector16(new byte[] {2}).vector16(new byte[128])
                .toByteArray()).toByteArray();
        byte[] flight = record(22, concat(serverHello(0x0301, 0x0033, new byte[0]), ske, new byte[] {14, 0, 0, 0}));
        var answer = reader.read(BoundedInput.inMemory(flight, 1 << 16), ServerFlightReader.ReadUntil.KEY_EXCHANGE);
        assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
            assertThat(h.hello().version()).isEqualTo(ProtocolVersion.TLS1_0);
            assertThat(h.keyExchange()).contains(new ServerKeyExchangeParameters.FiniteField(1024));
        });
    }

    @Test
    void tls13HelloRetryRequestNamesTheGroup() {
        byte[] hrrRandom = java.util.HexFormat.of().parseHex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C");
        byte[] exts = new ByteWriter().u16(43).vector16(new byte[] {3, 4}).u16(51).vector16(new byte[] {0, 24}).toByteArray();
        byte[] body = new ByteWriter().u16(0x0303).bytes(hrrRandom).vector8(new byte[0]).u16(0x1302).u8(0).vector16(exts).toByteArray();
        byte[] flight = record(22, new ByteWriter().u8(2).vector24(body).toByteArray());
        var answer = reader.read(BoundedInput.inMemory(flight, 1 << 16), ServerFlightReader.ReadUntil.KEY_EXCHANGE);
        assertThat(answer).isInstanceOfSatisfying(ServerAnswer.Hello.class, h -> {
            assertThat(h.hello().helloRetryRequest()).isTrue();
            assertThat(h.hello().version()).isEqualTo(ProtocolVersion.TLS1_3);
            assertThat(h.hello().keyShareGroup()).contains(24);
        });
    }

    @Test
    void alertIsAnAnswer() {
        var answer = reader.read(BoundedInput.inMemory(record(21, new byte[] {2, 40}), 100), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(answer).isEqualTo(new ServerAnswer.Alert(2, 40));
        assertThat(((ServerAnswer.Alert) answer).descriptionName()).isEqualTo("handshake_failure");
    }

    @Test
    void plaintextAndTruncationAndFloodsAreTyped() {
        var http = reader.read(BoundedInput.inMemory("HTTP/1.1 400 Bad Request\r\n".getBytes(), 1000), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(http).isInstanceOfSatisfying(ServerAnswer.NotTls.class, n -> assertThat(n.reason()).contains("HTTP/"));

        byte[] hello = record(22, serverHello(0x0303, 0xC02F, new byte[0]));
        var truncated = reader.read(BoundedInput.inMemory(java.util.Arrays.copyOf(hello, 20), 1000), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(truncated).isInstanceOf(ServerAnswer.Closed.class);

        var empty = reader.read(BoundedInput.inMemory(new byte[0], 1000), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(empty).isEqualTo(new ServerAnswer.Closed("closed without answering"));

        // endless handshake message: the byte budget ends it
        byte[] header = new ByteWriter().u8(2).u24(0xFFFFFF).toByteArray();
        ByteArrayOutputStream flood = new ByteArrayOutputStream();
        flood.writeBytes(record(22, header));
        for (int i = 0; i < 20; i++) {
            flood.writeBytes(record(22, new byte[16000]));
        }
        var flooded = new ServerFlightReader(io.certatlas.scan.suite.CipherSuiteCatalogue.standard(), 64 * 1024)
                .read(BoundedInput.inMemory(flood.toByteArray(), 64 * 1024), ServerFlightReader.ReadUntil.SERVER_HELLO);
        assertThat(flooded).isInstanceOf(ServerAnswer.NotTls.class);
    }

    @Test
    void sslv2ServerHelloIsRecognised() throws Exception {
        // SERVER-HELLO: type 4, session-id-hit 0, certificate type 1, version 0x0002, certificate length 0,
        // cipher specs 3 bytes (one kind), connection id 16 bytes
        byte[] body = new ByteWriter().u8(4).u8(0).u8(1).u16(2).u16(0).u16(3).u16(16).u8(1).u8(0).u8(0x80).bytes(new byte[16]).toByteArray();
        byte[] record = new ByteWriter().u16(0x8000 | body.length).bytes(body).toByteArray();
        var hello = Sslv2Hello.read(BoundedInput.inMemory(record, 1000)).orElseThrow();
        assertThat(hello.usable()).isTrue();
        assertThat(Sslv2Hello.read(BoundedInput.inMemory(record(21, new byte[] {2, 40}), 1000))).isEmpty();
        byte[] hello2 = Sslv2Hello.clientHello();
        assertThat(hello2[0] & 0x80).isEqualTo(0x80);
        assertThat(((hello2[0] & 0x7F) << 8 | (hello2[1] & 0xFF))).isEqualTo(hello2.length - 2);
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (i % 2 == 0 && junk.length > 5) {
                // make half of them look like handshake records so the parser goes deeper
                junk[0] = 22;
                junk[1] = 3;
                junk[2] = 3;
                junk[3] = 0;
                junk[4] = (byte) (junk.length - 5);
                junk[5] = 2;
            }
            ServerAnswer answer = reader.read(BoundedInput.inMemory(junk, 1 << 16), ServerFlightReader.ReadUntil.KEY_EXCHANGE);
            assertThat(answer).isNotNull();
        }
    }
}
