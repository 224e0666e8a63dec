package io.certatlas.gmp;

import io.certatlas.x509.keys.gcd.Arithmetic;
import io.certatlas.x509.keys.gcd.ArithmeticProvider;
import java.util.Optional;

/** Finds GMP for {@link Arithmetic#gmp()}; empty on a machine without libgmp.so.10. */
public final class GmpProvider implements ArithmeticProvider {

    @Override
    public String name() {
        return "gmp";
    }

    @Override
    public Optional<Arithmetic> open() {
        return GmpArithmetic.load();
    }
}
