package io.certatlas.scan.probe;

import io.certatlas.scan.EndpointReport;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.fleet.HostilePeer;
import io.certatlas.scan.target.Endpoint;

import io.certatlas.scan.tls.Deadline;
import io.certatlas.scan.tls.JsseTestServer;
import io.certatlas.scan.tls.TestServerIdentity;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Benchmark for BENCHMARKS.md, "Protocol and suite enumeration" (run by
 * benchmarks/scripts/enum-vs-sslscan.sh, not by the test suite):
 * <ul>
 *   <li>{@code serve N FILE}: N JSSE servers on 127.0.2.1..N in four configurations, their
 *       addresses written to FILE; serves until killed (at most 15 minutes);</li>
 *   <li>{@code enumerate FILE CONCURRENCY}: full enumeration of every endpoint in FILE (client-initiated
 *       renegotiation included), at most CONCURRENCY endpoints at a time, one connection at a time
 *       per endpoint;</li>
 *   <li>{@code scan FILE CONCURRENCY}: what the {@link Scanner} does per endpoint (chain capture,
 *       certificate findings, enumeration without supported groups, grade, protocol findings) for
 *       every endpoint in FILE, CONCURRENCY at a time. Each endpoint goes through
 *       {@link Scanner#scan(Endpoint)}, since a plan is addresses x ports and these servers each
 *       have a port of their own.</li>
 * </ul>
 */
public final class EnumerationBenchmark {

    /** Four server shapes, a quarter of the fleet each. */
    static final List<List<List<String>>> CONFIGURATIONS = List.of(
            List.of(List.of("TLSv1", "TLSv1.2"),
                    List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "SSL_RSA_WITH_3DES_EDE_CBC_SHA", "SSL_RSA_WITH_RC4_128_SHA")),
            List.of(List.of("TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256")),
            List.of(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256")),
            List.of(List.of("TLSv1.2", "TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                    "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA")));

    private EnumerationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if ((args.length == 3 || args.length == 4) && args[0].equals("serve")) {
            serve(Integer.parseInt(args[1]), Path.of(args[2]), args.length == 4 ? Integer.parseInt(args[3]) : 0);
        } else if ((args.length == 3 || args.length == 4) && args[0].equals("enumerate")) {
            enumerate(Path.of(args[1]), Integer.parseInt(args[2]), args.length == 3 || !args[3].equals("nogroups"));
        } else if (args.length == 3 && args[0].equals("scan")) {
            scan(Path.of(args[1]), Integer.parseInt(args[2]));
        } else {
            System.err.println("usage: serve COUNT FILE [HOSTILE] | enumerate FILE CONCURRENCY [groups|nogroups] | scan FILE CONCURRENCY");
            System.exit(2);
        }
    }

    /** The last {@code hostile} of the {@code count} endpoints are hostile peers (silent, drip, garbage, hang-up in turn). */
    private static void serve(int count, Path file, int hostile) throws Exception {
        if (count < 1 || count > 250 || hostile < 0 || hostile > count) {
            throw new IllegalArgumentException("COUNT must be 1..250 and HOSTILE 0..COUNT, got " + count + ", " + hostile);
        }
        TestServerIdentity.get();
        List<AutoCloseable> servers = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        HostilePeer.Behaviour[] behaviours = {HostilePeer.Behaviour.SILENT, HostilePeer.Behaviour.DRIP,
                HostilePeer.Behaviour.GARBAGE, HostilePeer.Behaviour.HANG_UP};
        for (int i = 0; i < count; i++) {
            String address = "127.0.2." + (i + 1);
            if (i >= count - hostile) {
                var behaviour = behaviours[(i - (count - hostile)) % behaviours.length];
                var peer = new HostilePeer(InetAddress.getByName(address), 0, behaviour);
                servers.add(peer);
                lines.add(address + " " + peer.port() + " hostile-" + behaviour.name().toLowerCase(java.util.Locale.ROOT));
                continue;
            }
            var config = CONFIGURATIONS.get(i % CONFIGURATIONS.size());
            var server = JsseTestServer.start(address, config.get(0), config.get(1), true);
            servers.add(server);
            lines.add(server.address().getHostAddress() + " " + server.port() + " " + (i % CONFIGURATIONS.size()));
        }
        Path tmp = Path.of(file + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Thread.sleep(Duration.ofMinutes(15));
        for (var s : servers) {
            s.close();
        }
    }

    private static void enumerate(Path file, int concurrency, boolean groups) throws Exception {
        List<String[]> endpoints = Files.readAllLines(file).stream().map(l -> l.split(" ")).toList();
        TlsEnumerator enumerator = TlsEnumerator.standard();
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        List<Future<EnumerationResult>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] e : endpoints) {
                InetAddress address = InetAddress.getByName(e[0]);
                int port = Integer.parseInt(e[1]);
                results.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return enumerator.enumerate(opener(address, port), ProbeSettings.defaults(Optional.empty()).withGroupEnumeration(groups),
                                Deadline.after(Duration.ofSeconds(60)));
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        int probes = 0;
        int failures = 0;
        int suites = 0;
        java.util.Map<ClientRenegotiation.State, Integer> renegotiation = new java.util.EnumMap<>(ClientRenegotiation.State.class);
        java.util.Map<ClientRenegotiation.State, Integer> insecure = new java.util.EnumMap<>(ClientRenegotiation.State.class);
        for (var f : results) {
            EnumerationResult r = f.get();
            probes += r.probesSent();
            failures += r.failures().size();
            suites += r.allSuites().size();
            renegotiation.merge(r.clientRenegotiation().state(), 1, Integer::sum);
            insecure.merge(r.insecureClientRenegotiation().state(), 1, Integer::sum);
        }
        System.out.printf("endpoints=%d concurrency=%d group_enumeration=%s elapsed_ms=%d probes=%d accepted_suites=%d probe_failures=%d"
                        + " client_renegotiation=%s insecure_renegotiation=%s%n",
                endpoints.size(), concurrency, groups, elapsedMs, probes, suites, failures, renegotiation, insecure);
    }

    private static void scan(Path file, int concurrency) throws Exception {
        List<String[]> endpoints = Files.readAllLines(file).stream().map(l -> l.split(" ")).toList();
        Scanner scanner = new Scanner(ScanOptions.defaults().withConcurrency(Math.max(concurrency, ScanOptions.DEFAULT_PER_HOST_LIMIT)));
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        List<Future<EndpointReport>> results = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String[] e : endpoints) {
                Endpoint endpoint = Endpoint.of(InetAddress.getByName(e[0]), Integer.parseInt(e[1]));
                results.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return scanner.scan(endpoint);
                    } finally {
                        slots.release();
                    }
                }));
            }
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        int probes = 0;
        int failures = 0;
        int graded = 0;
        java.util.Map<String, Integer> grades = new java.util.TreeMap<>();
        for (var f : results) {
            EndpointReport report = f.get();
            var profile = report.profile();
            if (profile.isPresent()) {
                graded++;
                probes += profile.get().enumeration().probesSent();
                failures += profile.get().probeFailures().size();
                grades.merge(profile.get().gradeWithTrustIgnored(), 1, Integer::sum);
            }
        }
        System.out.printf("endpoints=%d concurrency=%d elapsed_ms=%d graded=%d probes=%d probe_failures=%d grades_trust_ignored=%s%n",
                endpoints.size(), concurrency, elapsedMs, graded, probes, failures, grades);
    }

    private static ConnectionOpener opener(InetAddress address, int port) {
        return deadline -> {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(address, port), (int) Math.max(1, deadline.remaining().toMillis()));
                return s;
            } catch (IOException e) {
                s.close();
                throw e;
            }
        };
    }
}
