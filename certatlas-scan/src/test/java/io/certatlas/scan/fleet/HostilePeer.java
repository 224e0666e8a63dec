package io.certatlas.scan.fleet;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback peer that misbehaves in one of the ways a scanner meets on real networks. Each
 * connection is served on a virtual thread for at most a minute; closing the peer ends them all.
 */
public final class HostilePeer implements AutoCloseable {

    public enum Behaviour {
        /** Accepts and says nothing. */
        SILENT,
        /** Starts a plausible TLS record, then sends one byte a second. */
        DRIP,
        /** Answers with an SSH banner and random-looking bytes: open, but not TLS. */
        GARBAGE,
        /** A valid ServerHello, then a Certificate message announcing 10 MB, and the 10 MB. */
        CHAIN_FLOOD,
        /** Accepts, then closes at once without a byte. */
        HANG_UP
    }

    private static final int TEN_MB = 10 * 1024 * 1024;

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public HostilePeer(InetAddress address, int port, Behaviour behaviour) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 64);
        this.behaviour = behaviour;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public InetAddress address() {
        return server.getInetAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case SILENT -> socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                case DRIP -> {
                    byte[] start = {22, 3, 3, 0x40, 0x00, 2, 0, 0};
                    for (int i = 0; i < 60; i++) {
                        out.write(start[Math.min(i, start.length - 1)]);
                        out.flush();
                        Thread.sleep(1000);
                    }
                }
                case GARBAGE -> {
                    out.write("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[] {0x7f, 0x01, (byte) 0xfe, 0x33, 0x00, 0x42});
                    out.flush();
                    socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                }
                case CHAIN_FLOOD -> flood(out);
                case HANG_UP -> {
                    // try-with-resources closes it.
                }
            }
        } catch (IOException | InterruptedException e) {
            // The scanner hanging up on us is the expected end.
        } finally {
            open.remove(socket);
        }
    }

    private static void flood(OutputStream out) throws IOException {
        byte[] hello = new byte[4 + 2 + 32 + 1 + 2 + 1];
        hello[0] = 2; // ServerHello
        int bodyLength = hello.length - 4;
        hello[3] = (byte) bodyLength;
        hello[4] = 3;
        hello[5] = 3; // TLS 1.2
        for (int i = 0; i < 32; i++) {
            hello[6 + i] = (byte) (i * 7 + 1);
        }
        hello[38] = 0; // empty session id
        hello[39] = 0x00;
        hello[40] = 0x2F; // TLS_RSA_WITH_AES_128_CBC_SHA, which the scanner offers
        hello[41] = 0; // no compression
        out.write(record(hello, hello.length));
        byte[] certificateHeader = new byte[7];
        certificateHeader[0] = 11; // Certificate
        putLength(certificateHeader, 1, TEN_MB);
        putLength(certificateHeader, 4, TEN_MB - 3);
        byte[] chunk = new byte[16_384];
        System.arraycopy(certificateHeader, 0, chunk, 0, certificateHeader.length);
        for (int sent = 0; sent < TEN_MB; sent += chunk.length) {
            out.write(record(chunk, chunk.length));
            if (sent == 0) {
                java.util.Arrays.fill(chunk, (byte) 0x30);
            }
        }
        out.flush();
    }

    private static byte[] record(byte[] body, int length) {
        byte[] record = new byte[5 + length];
        record[0] = 22;
        record[1] = 3;
        record[2] = 3;
        record[3] = (byte) (length >> 8);
        record[4] = (byte) length;
        System.arraycopy(body, 0, record, 5, length);
        return record;
    }

    private static void putLength(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >> 16);
        target[offset + 1] = (byte) (value >> 8);
        target[offset + 2] = (byte) value;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
