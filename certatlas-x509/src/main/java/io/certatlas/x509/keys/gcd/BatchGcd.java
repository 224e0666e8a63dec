package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Bernstein's batch GCD: for every modulus n_i, gcd(n_i, product of all the others), from a product
 * tree and a remainder tree (r = P mod n^2 going down; at a leaf gcd(n_i, r / n_i)), in time
 * quasi-linear in the total size instead of the n^2 gcds of a pairwise search.
 *
 * <p>Memory stays bounded by cutting the moduli into at most {@value #MAX_CHUNKS} chunks: the tree
 * above the chunks is kept whole (about (log2 chunks + 1) times the size of all moduli), and each
 * chunk's own tree is built, walked down and released in turn. For 1,000,000 RSA-2048 moduli (256 MB)
 * that is about 1.3 GB for the upper tree plus some 0.6 GB for one chunk at a time.
 */
public final class BatchGcd {

    static final int MAX_CHUNKS = 16;
    static final int MIN_CHUNK = 4_096;

    private final Arithmetic arithmetic;
    private final ForkJoinPool pool;

    /** @param pool runs the multiplications and reductions of one tree level side by side */
    public BatchGcd(Arithmetic arithmetic, ForkJoinPool pool) {
        this.arithmetic = Objects.requireNonNull(arithmetic, "arithmetic");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /**
     * The moduli that share a factor with another one: index into {@code moduli} to
     * gcd(n_i, product of the others), only where that gcd is not 1. The moduli must be distinct
     * and positive. {@code progress} hears the number of moduli finished so far.
     */
    public Map<Integer, BigInteger> sharedFactors(List<BigInteger> moduli, IntConsumer progress) {
        Map<Integer, BigInteger> found = new TreeMap<>();
        sharedFactors(moduli, progress, found::put);
        return found;
    }

    /** As {@link #sharedFactors(List, IntConsumer)}, handing each finding to {@code sink} as it comes. */
    public void sharedFactors(List<BigInteger> moduli, IntConsumer progress, BiConsumer<Integer, BigInteger> sink) {
        int n = moduli.size();
        if (n < 2) {
            return;
        }
        int chunk = Math.max(MIN_CHUNK, (n + MAX_CHUNKS - 1) / MAX_CHUNKS);
        int chunks = (n + chunk - 1) / chunk;

        // Each chunk's product, its tree released as soon as the root is known.
        List<BigNumber> roots = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            List<List<BigNumber>> tree = productTree(leaves(moduli, c * chunk, Math.min(n, (c + 1) * chunk)));
            roots.add(tree.getLast().getFirst());
            for (int level = 0; level < tree.size() - 1; level++) {
                tree.get(level).forEach(BigNumber::release);
            }
        }
        // The tree above the chunks, walked down to P mod Q_c^2 for every chunk product Q_c.
        List<List<BigNumber>> top = productTree(roots);
        List<BigNumber> remainders = descend(top, top.getLast());
        top.forEach(level -> level.forEach(BigNumber::release));

        int done = 0;
        for (int c = 0; c < chunks; c++) {
            int from = c * chunk;
            List<BigNumber> leaves = leaves(moduli, from, Math.min(n, from + chunk));
            List<List<BigNumber>> tree = productTree(leaves);
            List<BigNumber> atLeaves = descend(tree, List.of(remainders.get(c)));
            for (int level = 1; level < tree.size(); level++) {
                tree.get(level).forEach(BigNumber::release);
            }
            List<BigInteger> gcds = parallel(leaves.size(), i -> {
                BigNumber quotient = arithmetic.divideExact(atLeaves.get(i), leaves.get(i));
                BigInteger g = arithmetic.gcd(quotient, leaves.get(i));
                quotient.release();
                return g;
            });
            for (int i = 0; i < gcds.size(); i++) {
                if (!gcds.get(i).equals(BigInteger.ONE)) {
                    sink.accept(from + i, gcds.get(i));
                }
            }
            atLeaves.forEach(BigNumber::release);
            leaves.forEach(BigNumber::release);
            done += leaves.size();
            progress.accept(done);
        }
        remainders.forEach(BigNumber::release);
    }

    private List<BigNumber> leaves(List<BigInteger> moduli, int from, int to) {
        return parallel(to - from, i -> arithmetic.of(moduli.get(from + i)));
    }

    /** Levels from the leaves (level 0, kept as given) up to the root (a level of one). */
    private List<List<BigNumber>> productTree(List<BigNumber> leaves) {
        List<List<BigNumber>> levels = new ArrayList<>();
        levels.add(leaves);
        List<BigNumber> level = leaves;
        while (level.size() > 1) {
            List<BigNumber> below = level;
            List<BigNumber> next = parallel((below.size() + 1) / 2, i -> 2 * i + 1 < below.size()
                    ? arithmetic.multiply(below.get(2 * i), below.get(2 * i + 1))
                    // An odd node out moves up as a copy, so that every level can be released on its own.
                    : arithmetic.multiply(below.get(2 * i), arithmetic.of(BigInteger.ONE)));
            levels.add(next);
            level = next;
        }
        return levels;
    }

    /**
     * Walks a product tree down from the remainders at its top level: each node gets its parent's
     * remainder mod the node squared. Returns the remainders at level 0; the inputs are left as they are.
     */
    private List<BigNumber> descend(List<List<BigNumber>> tree, List<BigNumber> topRemainders) {
        List<BigNumber> current = topRemainders;
        boolean owned = false;
        for (int level = tree.size() - 2; level >= 0; level--) {
            List<BigNumber> nodes = tree.get(level);
            List<BigNumber> parents = current;
            List<BigNumber> next = parallel(nodes.size(), i -> {
                BigNumber square = arithmetic.square(nodes.get(i));
                BigNumber r = arithmetic.remainder(parents.get(i / 2), square);
                square.release();
                return r;
            });
            if (owned) {
                parents.forEach(BigNumber::release);
            }
            current = next;
            owned = true;
        }
        if (!owned) {
            // A tree of one node: P mod P^2 is P itself; hand back a copy the caller may release.
            return List.of(arithmetic.multiply(current.getFirst(), arithmetic.of(BigInteger.ONE)));
        }
        return current;
    }

    private <T> List<T> parallel(int count, IntFunction<T> task) {
        if (count == 1) {
            return List.of(task.apply(0));
        }
        return pool.submit(() -> IntStream.range(0, count).parallel().mapToObj(task).toList()).join();
    }
}
