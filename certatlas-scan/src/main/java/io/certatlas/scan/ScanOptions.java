package io.certatlas.scan;

import io.certatlas.scan.starttls.TlsWrapper;
import io.certatlas.x509.TrustAnchors;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a scan behaves. Defaults suit a LAN with slow legacy hosts (BMCs, old appliances need seconds).
 *
 * @param concurrency      endpoints in flight at once, over all hosts
 * @param perHostLimit     connections to one address at once (politeness)
 * @param connectTimeout   how long a TCP connect may take before the port counts as filtered
 * @param endpointDeadline everything for one endpoint (pre-TLS dialogue, handshake) after the connect starts
 * @param byteLimit        most bytes read from one endpoint (a chain of several large certificates fits in 64 KiB)
 * @param trustAnchors     roots chains are judged against
 * @param wrapper          the pre-TLS step for every endpoint; empty picks one by port (25 SMTP, 3389 RDP, ...)
 * @param clock            the time certificates are judged at
 * @param enumeration      after a captured chain, also enumerate protocol versions and suites, grade the
 *                         endpoint and add protocol findings (short probes, one connection at a time)
 * @param enumerationBudget how long one endpoint's enumeration may take, on top of the endpoint deadline
 * @param wrappersByPort   the pre-TLS step for these ports ({@code --starttls 2525=smtp}); before {@code wrapper}
 */
public record ScanOptions(
        int concurrency,
        int perHostLimit,
        Duration connectTimeout,
        Duration endpointDeadline,
        int byteLimit,
        TrustAnchors trustAnchors,
        Optional<TlsWrapper> wrapper,
        Clock clock,
        boolean enumeration,
        Duration enumerationBudget,
        Map<Integer, TlsWrapper> wrappersByPort) {

    public static final int DEFAULT_CONCURRENCY = 256;
    public static final int DEFAULT_PER_HOST_LIMIT = 4;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * What a silent or dripping peer may cost at most: a server's first flight comes within
     * milliseconds on a LAN and a second or two from a slow appliance, so 8 s leaves room for those
     * while a scan of a few hundred endpoints is not held up by the few that never answer.
     */
    public static final Duration DEFAULT_ENDPOINT_DEADLINE = Duration.ofSeconds(8);
    public static final int DEFAULT_BYTE_LIMIT = 512 * 1024;
    /** About 20 probes on a LAN take well under a second; slow appliances answer each in a second or two. */
    public static final Duration DEFAULT_ENUMERATION_BUDGET = Duration.ofSeconds(20);

    public ScanOptions {
        if (concurrency < 1 || concurrency > 100_000) {
            throw new IllegalArgumentException("concurrency must be 1..100000, was " + concurrency);
        }
        if (perHostLimit < 1 || perHostLimit > concurrency) {
            throw new IllegalArgumentException("perHostLimit must be 1.." + concurrency + " (the concurrency), was " + perHostLimit);
        }
        positive(connectTimeout, "connectTimeout");
        positive(endpointDeadline, "endpointDeadline");
        if (byteLimit < 16 * 1024) {
            throw new IllegalArgumentException("byteLimit must be at least 16384 bytes (one TLS record), was " + byteLimit);
        }
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        Objects.requireNonNull(wrapper, "wrapper");
        Objects.requireNonNull(clock, "clock");
        positive(enumerationBudget, "enumerationBudget");
        wrappersByPort = Map.copyOf(wrappersByPort);
    }

    public static ScanOptions defaults() {
        return new ScanOptions(DEFAULT_CONCURRENCY, DEFAULT_PER_HOST_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_ENDPOINT_DEADLINE,
                DEFAULT_BYTE_LIMIT, TrustAnchors.jdkDefault(), Optional.empty(), Clock.systemUTC(), true, DEFAULT_ENUMERATION_BUDGET, Map.of());
    }

    public ScanOptions withConcurrency(int value) {
        return new ScanOptions(value, Math.min(perHostLimit, value), connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withPerHostLimit(int value) {
        return new ScanOptions(concurrency, value, connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withConnectTimeout(Duration value) {
        return new ScanOptions(concurrency, perHostLimit, value, endpointDeadline, byteLimit, trustAnchors, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withEndpointDeadline(Duration value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, value, byteLimit, trustAnchors, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withByteLimit(int value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, value, trustAnchors, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withTrustAnchors(TrustAnchors value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, value, wrapper, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withWrapper(Optional<TlsWrapper> value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, trustAnchors, value, clock, enumeration, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withClock(Clock value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, value, enumeration, enumerationBudget, wrappersByPort);
    }

    /** Whether a captured endpoint is also enumerated and graded (on by default; off gives a discovery-only scan). */
    public ScanOptions withEnumeration(boolean value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, clock,
                value, enumerationBudget, wrappersByPort);
    }

    public ScanOptions withEnumerationBudget(Duration value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, clock,
                enumeration, value, wrappersByPort);
    }

    /** The pre-TLS step per port, for an estate where STARTTLS services run on ports of their own. */
    public ScanOptions withWrappersByPort(Map<Integer, TlsWrapper> value) {
        return new ScanOptions(concurrency, perHostLimit, connectTimeout, endpointDeadline, byteLimit, trustAnchors, wrapper, clock,
                enumeration, enumerationBudget, value);
    }

    /**
     * The pre-TLS step chosen for a port: the port's own ({@link #wrappersByPort}), else the one
     * for every port ({@link #wrapper}); empty when the port decides ({@link TlsWrapper#forPort}).
     */
    public Optional<TlsWrapper> wrapperFor(int port) {
        return Optional.ofNullable(wrappersByPort.get(port)).or(() -> wrapper);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
