package io.certatlas.scan.tls;

import io.certatlas.scan.suite.NamedGroup;

import java.util.Optional;

/** The key exchange parameters a TLS 1.2-or-earlier server sends in ServerKeyExchange (RFC 5246 7.4.3, RFC 8422 5.4). */
public sealed interface ServerKeyExchangeParameters {

    /** The strength the rating guide compares: modulus bits, or the curve's RSA equivalent. */
    int strengthBits();

    /** Finite-field DH: the prime's size in bits. */
    record FiniteField(int primeBits) implements ServerKeyExchangeParameters {
        @Override
        public int strengthBits() {
            return primeBits;
        }
    }

    /** A named curve (curve_type named_curve). */
    record NamedCurve(int groupCode) implements ServerKeyExchangeParameters {
        public Optional<NamedGroup> group() {
            return NamedGroup.fromCode(groupCode);
        }

        @Override
        public int strengthBits() {
            // an unknown curve counts as weak rather than strong
            return group().map(NamedGroup::rsaEquivalentBits).orElse(0);
        }
    }

    /** Explicit curve parameters (RFC 8422 5.4, deprecated): strength not assessed. */
    record ExplicitCurve() implements ServerKeyExchangeParameters {
        @Override
        public int strengthBits() {
            return 0;
        }
    }

    /** A temporary RSA key for an export suite (RFC 2246 7.4.3). */
    record TemporaryRsa(int modulusBits) implements ServerKeyExchangeParameters {
        @Override
        public int strengthBits() {
            return modulusBits;
        }
    }

    static int bitLength(byte[] unsigned) {
        return new java.math.BigInteger(1, unsigned).bitLength();
    }
}
