package io.certatlas.benchmarks.keys;

import io.certatlas.x509.keys.gcd.Arithmetic;
import io.certatlas.x509.keys.gcd.BatchGcd;
import io.certatlas.x509.keys.gcd.ModulusPopulation;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The batch GCD benchmark: a full batch GCD over N distinct RSA-2048 moduli, then the incremental
 * check of new moduli against all of them, with wall time, CPU time and peak memory (VmHWM).
 *
 * <p>Generating a million RSA keys would take this machine days, so the moduli are products of two
 * primes drawn from a pool of 1024-bit primes (made once, kept in a file): every product is a
 * genuine 2048-bit RSA modulus and the arithmetic is the same as for independent keys, but with a
 * pool most moduli share a prime with others, so "flagged" counts almost all of them.
 *
 * <p>Usage: {@code BatchGcdRun <moduli> <jdk|gmp> [threads] [pool-size] [skip-full]}
 */
public final class BatchGcdRun {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0].replace("_", ""));
        Arithmetic arithmetic = Arithmetic.named(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int poolSize = args.length > 3 ? Integer.parseInt(args[3]) : 3_000;
        boolean full = !(args.length > 4 && args[4].equals("skip-full"));
        List<BigInteger> primes = primes(poolSize, Path.of(System.getProperty("java.io.tmpdir"), "certatlas-primes-1024-" + poolSize + ".txt"));
        List<BigInteger> moduli = moduli(primes, count);
        System.out.printf(Locale.ROOT, "%,d distinct RSA-2048 moduli from a pool of %,d primes; arithmetic %s; %d thread(s); load %s%n",
                moduli.size(), primes.size(), arithmetic.name(), threads, loadAverage());
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            if (full) {
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                AtomicLong flagged = new AtomicLong();
                new BatchGcd(arithmetic, pool).sharedFactors(moduli, done -> { }, (i, g) -> flagged.incrementAndGet());
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "full batch GCD: %.1f s wall, %.1f s CPU, %,d flagged, peak RSS %s, load %s%n",
                        seconds, (cpuNanos() - cpu0) / 1e9, flagged.get(), peakRss(), loadAverage());
            }
            try (ModulusPopulation population = new ModulusPopulation(arithmetic, pool)) {
                long t0 = System.nanoTime();
                population.addAll(moduli);
                System.out.printf(Locale.ROOT, "population built: %.1f s for %,d moduli%n", (System.nanoTime() - t0) / 1e9, population.size());
                SecureRandom random = new SecureRandom();
                List<Double> times = new ArrayList<>();
                List<Double> cpu = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    BigInteger fresh = BigInteger.probablePrime(1024, random).multiply(BigInteger.probablePrime(1024, random));
                    long c0 = cpuNanos();
                    long s0 = System.nanoTime();
                    int partners = population.sharingFactorWith(fresh).size();
                    times.add((System.nanoTime() - s0) / 1e6);
                    cpu.add((cpuNanos() - c0) / 1e6);
                    if (partners != 0) {
                        throw new IllegalStateException("a fresh modulus cannot share a prime with the pool");
                    }
                }
                BigInteger sharing = primes.get(7).multiply(BigInteger.probablePrime(1024, random));
                long s0 = System.nanoTime();
                int partners = population.sharingFactorWith(sharing).size();
                List<Double> sorted = times.stream().sorted().toList();
                System.out.printf(Locale.ROOT, "incremental check CPU time (process, all threads): median %.0f ms%n",
                        cpu.stream().sorted().toList().get(cpu.size() / 2));
                System.out.printf(Locale.ROOT, "incremental check of one new modulus against %,d: median %.0f ms, max %.0f ms over %d fresh keys %s; %.0f ms for one sharing a prime with %,d of them; peak RSS %s, load %s%n",
                        population.size(), sorted.get(sorted.size() / 2), sorted.getLast(), sorted.size(),
                        times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList(),
                        (System.nanoTime() - s0) / 1e6, partners, peakRss(), loadAverage());
            }
        }
    }

    private static List<BigInteger> primes(int count, Path cache) throws IOException {
        if (Files.exists(cache)) {
            List<BigInteger> primes = Files.readAllLines(cache).stream().map(l -> new BigInteger(l, 16)).toList();
            if (primes.size() == count) {
                return primes;
            }
        }
        long t0 = System.nanoTime();
        List<BigInteger> primes = IntStream.range(0, count).parallel()
                .mapToObj(i -> BigInteger.probablePrime(1024, new SecureRandom())).distinct().toList();
        Files.write(cache, primes.stream().map(p -> p.toString(16)).toList());
        System.out.printf(Locale.ROOT, "made %,d primes of 1024 bits in %.0f s (kept in %s)%n", primes.size(), (System.nanoTime() - t0) / 1e9, cache);
        return primes;
    }

    private static List<BigInteger> moduli(List<BigInteger> primes, int count) {
        SplittableRandom random = new SplittableRandom(2012);
        Set<Long> pairs = new HashSet<>();
        List<BigInteger> moduli = new ArrayList<>(count);
        while (moduli.size() < count) {
            int a = random.nextInt(primes.size());
            int b = random.nextInt(primes.size());
            if (a != b && pairs.add((long) Math.min(a, b) << 32 | Math.max(a, b))) {
                moduli.add(primes.get(a).multiply(primes.get(b)));
            }
        }
        return moduli;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String peakRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .map(l -> String.format(Locale.ROOT, "%.0f MiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0)).findFirst().orElse("?");
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }
}
