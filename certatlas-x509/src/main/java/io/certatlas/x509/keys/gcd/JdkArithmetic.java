package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;

/** {@link Arithmetic} with {@code BigInteger}; multiplications above a million bits use {@code parallelMultiply}. */
public final class JdkArithmetic implements Arithmetic {

    private static final int PARALLEL_BITS = 1 << 20;

    private record Number(BigInteger value) implements BigNumber {
        @Override
        public BigInteger toBigInteger() {
            return value;
        }

        @Override
        public long bitLength() {
            return value.bitLength();
        }

        @Override
        public void release() {
            // The garbage collector frees heap numbers.
        }
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public BigNumber of(BigInteger value) {
        return new Number(value);
    }

    @Override
    public BigNumber multiply(BigNumber a, BigNumber b) {
        BigInteger x = value(a);
        BigInteger y = value(b);
        return new Number(x.bitLength() + y.bitLength() > PARALLEL_BITS ? x.parallelMultiply(y) : x.multiply(y));
    }

    @Override
    public BigNumber square(BigNumber a) {
        return multiply(a, a);
    }

    @Override
    public BigNumber remainder(BigNumber a, BigNumber m) {
        return new Number(value(a).mod(value(m)));
    }

    @Override
    public BigNumber divideExact(BigNumber a, BigNumber b) {
        return new Number(value(a).divide(value(b)));
    }

    @Override
    public BigInteger gcd(BigNumber a, BigNumber b) {
        return value(a).gcd(value(b));
    }

    private static BigInteger value(BigNumber n) {
        return ((Number) n).value();
    }
}
