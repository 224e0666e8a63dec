package io.certatlas.x509.keys;

import java.util.Objects;

/**
 * A weakness found in one key, with a detail saying why, never the secret: a detail names the
 * check's reasoning ("the primes differ by less than 2^520: Fermat's method factors it") and never a
 * factor or a private exponent.
 */
public record KeyProblem(KeyWeakness weakness, String detail) {
    public KeyProblem {
        Objects.requireNonNull(weakness, "weakness");
        Objects.requireNonNull(detail, "detail");
    }
}
