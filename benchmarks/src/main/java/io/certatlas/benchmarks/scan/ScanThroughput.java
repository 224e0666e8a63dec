package io.certatlas.benchmarks.scan;

import io.certatlas.scan.EndpointOutcome;
import io.certatlas.scan.ScanListener;
import io.certatlas.scan.ScanOptions;
import io.certatlas.scan.ScanSummary;
import io.certatlas.scan.Scanner;
import io.certatlas.scan.target.PortList;
import io.certatlas.scan.target.ScanPlan;
import io.certatlas.x509.TrustAnchors;
import io.certatlas.x509.issue.CertificateSpec;
import io.certatlas.x509.issue.IssuedCertificate;
import io.certatlas.x509.issue.Issuer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Discovery scan throughput on loopback: JSSE servers (accepting concurrently) on
 * {@code addresses} x {@code ports} endpoints of 127.0.1.x, scanned for chain capture and
 * certificate findings; then {@code openssl s_time -new} against one of the same servers for the
 * raw sequential handshake rate. Only loopback addresses are touched.
 *
 * <p>Arguments: addresses (default 32), ports per address (8), runs (5), concurrency (64), s_time seconds (10),
 * warm-up runs (15). One warm-up run was too few: with the JIT compilers starved by a loaded
 * machine, rates kept rising run after run (75 to 281 endpoints/s over seven runs), so the median
 * measured compilation, not the scanner. Every warm-up rate is printed, so convergence can be seen.
 */
public final class ScanThroughput {

    public static void main(String[] args) throws Exception {
        int addresses = arg(args, 0, 32);
        int portsPerAddress = arg(args, 1, 8);
        int runs = arg(args, 2, 5);
        int concurrency = arg(args, 3, 64);
        int sTimeSeconds = arg(args, 4, 10);
        int warmUps = arg(args, 5, 15);
        if (addresses < 1 || addresses > 250) {
            throw new IllegalArgumentException("addresses must be 1..250 (127.0.1.1 onward), was " + addresses);
        }

        Issuer root = Issuer.selfSigned(CertificateSpec.authority("CertAtlas Bench Root"));
        Issuer intermediate = root.issueAuthority(CertificateSpec.authority("CertAtlas Bench Intermediate").withPathLength(0));
        IssuedCertificate leaf = intermediate.issue(CertificateSpec.leaf("bench.certatlas.test"));
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("server", leaf.privateKey(), "bench".toCharArray(),
                new X509Certificate[] {leaf.certificate(), intermediate.certificate().certificate()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, "bench".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);

        int firstPort = freePortRange(portsPerAddress);
        List<SSLServerSocket> servers = new ArrayList<>();
        AtomicLong handshakes = new AtomicLong();
        StringBuilder targets = new StringBuilder();
        for (int a = 1; a <= addresses; a++) {
            InetAddress address = InetAddress.getByAddress(new byte[] {127, 0, 1, (byte) a});
            targets.append(address.getHostAddress()).append(' ');
            for (int p = 0; p < portsPerAddress; p++) {
                SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(address, firstPort + p), 1024);
                servers.add(server);
                Thread.ofVirtual().start(() -> acceptLoop(server, handshakes));
            }
        }
        ScanPlan plan = ScanPlan.builder().targets(targets.toString())
                .ports(firstPort + "-" + (firstPort + portsPerAddress - 1)).build();
        Scanner scanner = new Scanner(ScanOptions.defaults().withEnumeration(false).withConcurrency(concurrency)
                .withTrustAnchors(TrustAnchors.of(List.of(root.certificate().certificate()))));
        System.out.printf("machine: %d cores, %s %s; endpoints: %s (%d addresses x %d ports), concurrency %d, per-host %d, "
                        + "%d warm-up runs%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                plan.size(), addresses, portsPerAddress, concurrency, ScanOptions.DEFAULT_PER_HOST_LIMIT, warmUps);

        List<Double> rates = new ArrayList<>();
        List<Double> cpuPerEndpoint = new ArrayList<>();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        for (int run = 1 - warmUps; run <= runs; run++) {
            AtomicLong withFindings = new AtomicLong();
            long cpuBefore = os.getProcessCpuTime();
            ScanSummary summary = scanner.scan(plan, new ScanListener() {
                @Override
                public void onResult(io.certatlas.scan.EndpointReport report) {
                    if (report.outcome() instanceof EndpointOutcome.Tls && !report.findings().isEmpty()) {
                        withFindings.incrementAndGet();
                    }
                }
            });
            if (summary.tls() != plan.size().longValue() || withFindings.get() != summary.tls()) {
                throw new IllegalStateException("run " + run + " found " + summary.tls() + " TLS endpoints ("
                        + withFindings + " judged) of " + plan.size() + ": " + summary.byOutcome());
            }
            // CPU time of this process (scanner and the in-process servers) per endpoint: unlike the rate, it
            // hardly depends on how much of the two cores the other users of the machine leave us.
            double cpuMs = (os.getProcessCpuTime() - cpuBefore) / 1e6 / summary.endpoints();
            String label = run <= 0 ? "warm-up " + (run + warmUps) : "run " + run;
            System.out.printf("%s: %d endpoints in %d ms = %.0f endpoints/s, %.2f ms CPU per endpoint%n", label, summary.endpoints(),
                    summary.elapsed().toMillis(), summary.endpointsPerSecond(), cpuMs);
            if (run > 0) {
                rates.add(summary.endpointsPerSecond());
                cpuPerEndpoint.add(cpuMs);
            }
        }
        rates.sort(Double::compare);
        double median = rates.get(rates.size() / 2);
        System.out.printf("scan median: %.0f endpoints/s (min %.0f, max %.0f)%n", median, rates.get(0), rates.get(rates.size() - 1));
        cpuPerEndpoint.sort(Double::compare);
        System.out.printf("process CPU per endpoint, scanner and servers: median %.2f ms (min %.2f, max %.2f)%n",
                cpuPerEndpoint.get(cpuPerEndpoint.size() / 2), cpuPerEndpoint.get(0), cpuPerEndpoint.get(cpuPerEndpoint.size() - 1));

        double sTime = sTime("127.0.1.1:" + firstPort, sTimeSeconds);
        System.out.printf("openssl s_time -new against 127.0.1.1:%d: %.0f handshakes/s (sequential, one connection at a time)%n",
                firstPort, sTime);
        System.out.printf("ratio scan/s_time: %.2f%n", median / sTime);
        for (SSLServerSocket server : servers) {
            server.close();
        }
        System.exit(0);
    }

    private static void acceptLoop(SSLServerSocket server, AtomicLong handshakes) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (SSLSocket tls = (SSLSocket) socket) {
                        tls.setSoTimeout(10_000);
                        tls.startHandshake();
                        handshakes.incrementAndGet();
                        InputStream in = tls.getInputStream();
                        while (in.read() >= 0) {
                            // until the client closes
                        }
                    } catch (IOException e) {
                        // client hung up
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static double sTime(String target, int seconds) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("openssl", "s_time", "-connect", target, "-new", "-time", String.valueOf(seconds))
                .redirectErrorStream(true).start();
        Pattern real = Pattern.compile("(\\d+) connections in (\\d+) real seconds");
        double rate = Double.NaN;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = real.matcher(line);
                if (m.find() && Double.isNaN(rate)) {
                    rate = Double.parseDouble(m.group(1)) / Math.max(1, Double.parseDouble(m.group(2)));
                }
                System.out.println("  s_time: " + line);
            }
        }
        if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return rate;
    }

    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.1.1"))) {
                first = probe.getLocalPort();
            }
            if (first + count < 65535) {
                return first;
            }
        }
        throw new IllegalStateException("no free port range of " + count + " found on 127.0.1.1");
    }

    private static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }
}
