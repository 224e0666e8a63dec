package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;
import java.util.List;

/** A product of many numbers by pairs (a product tree without the tree), so that big times big stays balanced. */
public final class ProductOf {

    private ProductOf() {
    }

    public static BigInteger all(List<BigInteger> factors) {
        List<BigInteger> level = factors;
        while (level.size() > 1) {
            List<BigInteger> next = new java.util.ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i).multiply(level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.isEmpty() ? BigInteger.ONE : level.getFirst();
    }
}
