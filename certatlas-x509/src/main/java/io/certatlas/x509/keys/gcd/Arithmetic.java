package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The big-number operations the batch GCD needs, over numbers of up to hundreds of millions of
 * bits. Two implementations: the JDK's {@code BigInteger} (Karatsuba, Toom-Cook 3, no FFT), always
 * there, and GMP (FFT multiplication above some 10^5 bits) through the foreign function API when
 * {@code libgmp.so.10} is installed and the runtime is Java 22 or newer. {@link #best()} picks GMP
 * when it loads, as BENCHMARKS.md measured it faster at every size that matters here.
 */
public interface Arithmetic {

    /** {@code jdk} or {@code gmp}. */
    String name();

    BigNumber of(BigInteger value);

    BigNumber multiply(BigNumber a, BigNumber b);

    BigNumber square(BigNumber a);

    /** a mod m, for non-negative a and positive m. */
    BigNumber remainder(BigNumber a, BigNumber m);

    /** a / b when b divides a exactly. */
    BigNumber divideExact(BigNumber a, BigNumber b);

    BigInteger gcd(BigNumber a, BigNumber b);

    /** GMP when it loads here, else the JDK. */
    static Arithmetic best() {
        return gmp().orElseGet(JdkArithmetic::new);
    }

    /** GMP, when an {@link ArithmeticProvider} for it is on the class path and the library loads. */
    static Optional<Arithmetic> gmp() {
        return ServiceLoader.load(ArithmeticProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(ArithmeticProvider::name))
                .flatMap(p -> p.open().stream())
                .findFirst();
    }

    /** By name, as an operator or a benchmark asks for it: {@code jdk}, {@code gmp} or {@code best}. */
    static Arithmetic named(String name) {
        return switch (name) {
            case "jdk" -> new JdkArithmetic();
            case "gmp" -> gmp().orElseThrow(() -> new IllegalArgumentException(
                    "GMP is not available: install libgmp10 (Debian) and run on Java 22 or newer, or use 'jdk'"));
            case "best" -> best();
            default -> throw new IllegalArgumentException("arithmetic must be jdk, gmp or best, was '" + name + "'");
        };
    }
}
