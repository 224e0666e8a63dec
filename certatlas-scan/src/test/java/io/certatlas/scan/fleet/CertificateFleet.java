package io.certatlas.scan.fleet;

import io.certatlas.x509.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSSE server per certificate case of {@link TestPki}, plus a missing-intermediate server,
 * each on its own 127.0.0.x address and all on the same port, so that one plan (addresses x one
 * port) covers the whole fleet as a real scan would.
 */
public final class CertificateFleet implements AutoCloseable {

    /** What each server serves: a TestPki case, or the good leaf without its intermediate. */
    public enum Served {
        GOOD, SELF_SIGNED, EXPIRED, NOT_YET_VALID, EXPIRING_IN_10_DAYS, NAME_MISMATCH, WILDCARD, RSA_1024,
        SHA1_SIGNATURE, ECDSA_P256, ECDSA_P384, MISSING_INTERMEDIATE
    }

    private final TestPki pki;
    private final int port;
    private final Map<Served, TlsTestServer> servers = new EnumMap<>(Served.class);
    private final List<AutoCloseable> others = new ArrayList<>();

    /** Starts the fleet on 127.0.0.{firstOctet}.. onward. */
    public CertificateFleet(TestPki pki, int firstOctet) throws Exception {
        this.pki = pki;
        this.port = freePort(loopback(firstOctet));
        int octet = firstOctet;
        for (Served served : Served.values()) {
            servers.put(served, new TlsTestServer(loopback(octet++), port, keyStore(served), TestPki.PASSWORD.toCharArray()));
        }
    }

    public int port() {
        return port;
    }

    public TestPki pki() {
        return pki;
    }

    public InetAddress address(Served served) {
        return servers.get(served).address();
    }

    public Map<Served, InetAddress> addresses() {
        Map<Served, InetAddress> map = new LinkedHashMap<>();
        servers.forEach((served, server) -> map.put(served, server.address()));
        return map;
    }

    /** Keeps another peer (a hostile one) to close with the fleet. */
    public <T extends AutoCloseable> T adopt(T other) {
        others.add(other);
        return other;
    }

    private KeyStore keyStore(Served served) {
        if (served == Served.MISSING_INTERMEDIATE) {
            return TestPki.keyStore(pki.leaf(), List.<X509Certificate>of(pki.leaf().certificate()), "PKCS12", TestPki.PASSWORD);
        }
        return pki.keyStore(TestPki.Case.valueOf(served.name()));
    }

    public static InetAddress loopback(int lastOctet) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port free on the given address now (the fleet binds every server to it). */
    public static int freePort(InetAddress address) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, 0));
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (TlsTestServer server : servers.values()) {
            server.close();
        }
        for (AutoCloseable other : others) {
            other.close();
        }
    }
}
