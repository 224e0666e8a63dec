package io.certatlas.benchmarks.api;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Closed-loop load generator for {@code POST /certview/v1/certificates}: logs in with
 * {@code POST /auth}, then runs a fixed number of virtual-thread workers, each sending one request
 * at a time from a mix of ten real filters (expiry, issuer, asset groups, tags, wildcard names,
 * grades, qids, key sizes) with {@code pageSize} 200 and basic details (assets included), first
 * for a warm-up period whose results are dropped, then for a measured period. Reports requests/s,
 * errors, latency percentiles overall and per filter. Bounded in time and in request count; it
 * stops by itself.
 *
 * <pre>
 * java CertViewLoad.java --base http://127.0.0.1:18080 --user admin --password ... \
 *      [--concurrency 16] [--warmup 60] [--duration 60] [--page-size 200] [--details basic]
 *      [--max-requests 500000] [--label manager]
 * </pre>
 *
 * Uses the JDK only, so it runs from source without a build (see benchmarks/scripts/api-load.sh).
 */
public final class CertViewLoad {

    /** The mix: each entry a name and a filter supplier (some vary a value per request). */
    static final List<Map.Entry<String, Supplier<String>>> FILTERS = List.of(
            Map.entry("expiryGroup:In 30 Days", () -> "expiryGroup:In 30 Days"),
            Map.entry("expiryGroup:Expired and type:Leaf", () -> "expiryGroup:Expired and type:Leaf"),
            Map.entry("issuer.name:`DigiCert ...`", () -> "issuer.name:`DigiCert TLS RSA SHA256 2020 CA1`"),
            Map.entry("issuerCategory:Self-Signed and type:Leaf", () -> "issuerCategory:Self-Signed and type:Leaf"),
            Map.entry("asset:(tags.name:Team-NNN and operatingSystem:Ubuntu*)",
                    () -> "asset:(tags.name:Team-" + String.format("%03d", 6 + ThreadLocalRandom.current().nextInt(195))
                            + " and operatingSystem:Ubuntu*)"),
            Map.entry("asset.tags.name:PCI", () -> "asset.tags.name:PCI"),
            Map.entry("subject.name:*.deptNNN.example.com",
                    () -> "subject.name:*.dept" + (ThreadLocalRandom.current().nextInt(20) * 50) + ".example.com"),
            Map.entry("instance.grade:F", () -> "instance.grade:F"),
            Map.entry("vulnerability.qid:38606", () -> "vulnerability.qid:38606"),
            Map.entry("keySize:[1024 .. 2048)", () -> "keySize:[1024 .. 2048)"));

    private CertViewLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String base = o.getOrDefault("--base", "http://127.0.0.1:8080");
        String user = o.getOrDefault("--user", "admin");
        String password = o.getOrDefault("--password", System.getenv().getOrDefault("CERTATLAS_ADMIN_PASSWORD", ""));
        int concurrency = Integer.parseInt(o.getOrDefault("--concurrency", "16"));
        int warmup = Integer.parseInt(o.getOrDefault("--warmup", "60"));
        int duration = Integer.parseInt(o.getOrDefault("--duration", "60"));
        int pageSize = Integer.parseInt(o.getOrDefault("--page-size", "200"));
        String details = o.getOrDefault("--details", "basic");
        long maxRequests = Long.parseLong(o.getOrDefault("--max-requests", "500000"));
        String label = o.getOrDefault("--label", user);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> auth = client.send(HttpRequest.newBuilder(URI.create(base + "/auth"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (auth.statusCode() != 201) {
            System.err.println("login as " + user + " failed: " + auth.statusCode() + " " + auth.body());
            System.exit(2);
        }
        String token = auth.body().strip();
        URI uri = URI.create(base + "/certview/v1/certificates");

        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmup).toNanos();
        long end = measureFrom + Duration.ofSeconds(duration).toNanos();
        AtomicLong issued = new AtomicLong();
        LongAdder warmupDone = new LongAdder();
        LongAdder bytes = new LongAdder();
        LongAdder rows = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<List<long[]>> perWorker = new ArrayList<>();   // per worker: {filter index, latency nanos}
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            List<long[]> samples = new ArrayList<>();
            perWorker.add(samples);
            int offset = w;
            workers.add(Thread.ofVirtual().name("load-" + w).start(() -> {
                int i = offset;
                while (System.nanoTime() < end && issued.incrementAndGet() <= maxRequests) {
                    int f = i++ % FILTERS.size();
                    String filter = FILTERS.get(f).getValue().get();
                    String body = "{\"filter\": \"" + filter.replace("\\", "\\\\").replace("\"", "\\\"")
                            + "\", \"pageSize\": " + pageSize + ", \"certificateDetails\": \"" + details + "\"}";
                    long t0 = System.nanoTime();
                    String error = null;
                    try {
                        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        byte[] b = r.body();
                        if (r.statusCode() != 200) {
                            error = "HTTP " + r.statusCode();
                        } else if (b.length < 2 || b[0] != '[' || b[b.length - 1] != ']') {
                            error = "not a JSON array";
                        } else if (t0 >= measureFrom) {
                            bytes.add(b.length);
                            rows.add(countRows(b));
                        }
                    } catch (Exception e) {
                        error = e.getClass().getSimpleName();
                    }
                    long t1 = System.nanoTime();
                    if (t0 < measureFrom) {
                        warmupDone.increment();
                        if (error != null) {
                            errors.computeIfAbsent("warm-up " + error, k -> new LongAdder()).increment();
                        }
                    } else if (t1 <= end + Duration.ofSeconds(30).toNanos()) {
                        samples.add(new long[] {f, t1 - t0});
                        if (error != null) {
                            errors.computeIfAbsent(error, k -> new LongAdder()).increment();
                        }
                    }
                }
            }));
        }
        for (Thread t : workers) {
            t.join(Duration.ofSeconds(warmup + duration + 60L));
        }
        double measuredSeconds = (Math.max(System.nanoTime(), end) - measureFrom) / 1e9;
        // Throughput counts the requests that started in the measured window, over that window plus
        // the tail in which they finished (at most one request per worker).
        List<long[]> all = new ArrayList<>();
        perWorker.forEach(all::addAll);
        long measuredErrors = errors.entrySet().stream().filter(e -> !e.getKey().startsWith("warm-up"))
                .mapToLong(e -> e.getValue().sum()).sum();
        long[] lat = all.stream().mapToLong(s -> s[1]).sorted().toArray();
        System.out.printf("%s: concurrency %d, warm-up %d s (%d requests), measured %.1f s%n",
                label, concurrency, warmup, warmupDone.sum(), measuredSeconds);
        System.out.printf("  requests %d, %.1f req/s, errors %d %s%n", lat.length, lat.length / measuredSeconds,
                measuredErrors, errors);
        System.out.printf("  latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f; mean response %.0f KiB, %.1f rows%n",
                pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99), lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6,
                lat.length == 0 ? 0 : bytes.sum() / 1024.0 / lat.length, lat.length == 0 ? 0 : rows.sum() / (double) lat.length);
        for (int f = 0; f < FILTERS.size(); f++) {
            int ff = f;
            long[] l = all.stream().filter(s -> s[0] == ff).mapToLong(s -> s[1]).sorted().toArray();
            System.out.printf("    %-58s n %5d  p50 %7.1f  p95 %7.1f ms%n", FILTERS.get(f).getKey(), l.length,
                    pct(l, 0.50), pct(l, 0.95));
        }
        System.out.printf("RESULT|%s|%d|%.1f|%d|%.1f|%.1f|%.1f%n", label, lat.length, lat.length / measuredSeconds,
                measuredErrors, pct(lat, 0.50), pct(lat, 0.95), pct(lat, 0.99));
        System.exit(measuredErrors == 0 ? 0 : 1);
    }

    /** Certificates in a page: the number of top-level objects of the JSON array. */
    private static int countRows(byte[] b) {
        int depth = 0;
        int count = 0;
        boolean inString = false;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (depth == 1 && c == '{') {
                    count++;
                }
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return count;
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p) - 1)] / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: " + Arrays.toString(args));
        }
        return options;
    }
}
