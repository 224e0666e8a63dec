package io.certatlas.x509.keys.gcd;

import java.util.Optional;

/**
 * A way to load an {@link Arithmetic} that may be missing at run time (a native library), found
 * with {@link java.util.ServiceLoader}: the GMP binding lives in its own module, built for Java 22,
 * so that this module keeps to Java 21.
 */
public interface ArithmeticProvider {

    String name();

    /** The arithmetic, or empty (with the reason logged by the provider) when it cannot load here. */
    Optional<Arithmetic> open();
}
