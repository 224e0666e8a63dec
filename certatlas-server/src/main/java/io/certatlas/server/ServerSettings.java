package io.certatlas.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the server listens. HTTPS always; plain HTTP only when a port is given for it, and only on
 * a loopback address unless {@code plainHttpEverywhere} says otherwise by name.
 *
 * @param certificatePem operator's certificate chain (PEM); empty: the server makes its own
 * @param privateKeyPem  operator's private key (PEM, unencrypted PKCS#8 or traditional)
 * @param pageCacheBytes how many bytes of compressed certificate pages to keep for reuse (0: none);
 *                       empty: an eighth of the heap, at most 64 MiB
 * @param queryTimeout   how long one statement of an API read may run before it is stopped and the
 *                       request answered 503 QUERY_TIMEOUT (whole seconds, 1 to 3600)
 */
public record ServerSettings(
        Path dataDirectory,
        InetAddress bindAddress,
        int httpsPort,
        OptionalInt httpPort,
        boolean plainHttpEverywhere,
        Optional<Path> certificatePem,
        Optional<Path> privateKeyPem,
        OptionalLong pageCacheBytes,
        Duration queryTimeout) {

    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);

    /** Settings with the default statement time limit. */
    public ServerSettings(Path dataDirectory, InetAddress bindAddress, int httpsPort, OptionalInt httpPort,
                          boolean plainHttpEverywhere, Optional<Path> certificatePem, Optional<Path> privateKeyPem,
                          OptionalLong pageCacheBytes) {
        this(dataDirectory, bindAddress, httpsPort, httpPort, plainHttpEverywhere, certificatePem, privateKeyPem,
                pageCacheBytes, DEFAULT_QUERY_TIMEOUT);
    }

    /** Settings with the default page cache. */
    public ServerSettings(Path dataDirectory, InetAddress bindAddress, int httpsPort, OptionalInt httpPort,
                          boolean plainHttpEverywhere, Optional<Path> certificatePem, Optional<Path> privateKeyPem) {
        this(dataDirectory, bindAddress, httpsPort, httpPort, plainHttpEverywhere, certificatePem, privateKeyPem,
                OptionalLong.empty());
    }

    public ServerSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(bindAddress, "bindAddress");
        checkPort("--https-port", httpsPort);
        httpPort.ifPresent(port -> checkPort("--port", port));
        if (certificatePem.isPresent() != privateKeyPem.isPresent()) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither to let CertAtlas make its own");
        }
        Objects.requireNonNull(pageCacheBytes, "pageCacheBytes");
        if (pageCacheBytes.isPresent() && pageCacheBytes.getAsLong() < 0) {
            throw new IllegalArgumentException("--page-cache-mib must be 0 (no cache) or more, was "
                    + (pageCacheBytes.getAsLong() >> 20));
        }
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.toSeconds() < 1 || queryTimeout.toSeconds() > 3600 || queryTimeout.toNanosPart() != 0) {
            throw new IllegalArgumentException("--query-timeout must be a whole number of seconds from 1 to 3600, was "
                    + queryTimeout.toMillis() / 1000.0);
        }
    }

    /** Plain HTTP is served when a port is set and the address is loopback (or asked for by name). */
    public OptionalInt effectiveHttpPort() {
        if (httpPort.isEmpty()) {
            return OptionalInt.empty();
        }
        return bindAddress.isLoopbackAddress() || plainHttpEverywhere ? httpPort : OptionalInt.empty();
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be 0..65535 (0 picks a free port), was " + port);
        }
    }
}
