package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;

/**
 * A number held by an {@link Arithmetic}: a {@code BigInteger} for the JDK, a GMP {@code mpz_t} in
 * native memory for GMP. Trees of them hold hundreds of megabytes, so a number no longer needed is
 * released at once rather than left to the garbage collector, which does not see native memory.
 */
public interface BigNumber {

    BigInteger toBigInteger();

    long bitLength();

    /** Frees what the number holds; it must not be used afterwards. Releasing twice is harmless. */
    void release();
}
