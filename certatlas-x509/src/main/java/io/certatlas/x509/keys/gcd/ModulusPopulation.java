package io.certatlas.x509.keys.gcd;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Every distinct RSA modulus of the inventory, kept as blocks of {@value #BLOCK} moduli with the
 * product of each block, so that one new modulus n is checked against all of them at once:
 * gcd(n, product mod n) per block, the blocks shared between the threads. Only a block whose gcd is
 * not 1 is searched modulus by modulus, to name the partners.
 *
 * <p>Cost: one pass over the products, about as many bits as all moduli together (256 MB for
 * 1,000,000 RSA-2048 keys), each block reduced by the 2048-bit n. Memory: the moduli and the
 * products, about twice the size of the moduli. Adding a modulus multiplies it into the last block.
 */
public final class ModulusPopulation implements AutoCloseable {

    static final int BLOCK = 4_096;

    private final Arithmetic arithmetic;
    private final ForkJoinPool pool;
    private final List<Block> blocks = new ArrayList<>();
    private final Set<BigInteger> known = new HashSet<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    private static final class Block {
        final List<BigInteger> moduli = new ArrayList<>(BLOCK);
        BigNumber product;
    }

    public ModulusPopulation(Arithmetic arithmetic, ForkJoinPool pool) {
        this.arithmetic = Objects.requireNonNull(arithmetic, "arithmetic");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    public String arithmetic() {
        return arithmetic.name();
    }

    public int size() {
        lock.readLock().lock();
        try {
            return known.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    public boolean contains(BigInteger modulus) {
        lock.readLock().lock();
        try {
            return known.contains(modulus);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Adds moduli not already there; returns how many were new. Full blocks get their product by a balanced tree. */
    public int addAll(List<BigInteger> moduli) {
        lock.writeLock().lock();
        try {
            int added = 0;
            List<BigInteger> pending = new ArrayList<>();
            for (BigInteger m : moduli) {
                if (m.signum() > 0 && known.add(m)) {
                    pending.add(m);
                    added++;
                }
            }
            int i = 0;
            while (i < pending.size()) {
                Block last = blocks.isEmpty() ? null : blocks.getLast();
                if (last == null || last.moduli.size() >= BLOCK) {
                    last = new Block();
                    blocks.add(last);
                }
                int take = Math.min(BLOCK - last.moduli.size(), pending.size() - i);
                List<BigInteger> part = pending.subList(i, i + take);
                BigNumber partProduct = product(part);
                if (last.product == null) {
                    last.product = partProduct;
                } else {
                    BigNumber grown = arithmetic.multiply(last.product, partProduct);
                    last.product.release();
                    partProduct.release();
                    last.product = grown;
                }
                last.moduli.addAll(part);
                i += take;
            }
            return added;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * The moduli of the population other than {@code n} that share a factor with it, found by one
     * pass over the block products. Empty for a sound key.
     */
    public List<BigInteger> sharingFactorWith(BigInteger n) {
        if (n.signum() <= 0 || n.bitLength() < 2) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            BigNumber modulus = arithmetic.of(n);
            try {
                List<Integer> suspects = pool.submit(() -> java.util.stream.IntStream.range(0, blocks.size()).parallel()
                        .filter(b -> {
                            BigNumber r = arithmetic.remainder(blocks.get(b).product, modulus);
                            BigInteger g = arithmetic.gcd(r, modulus);
                            r.release();
                            return !g.equals(BigInteger.ONE);
                        }).boxed().toList()).join();
                List<BigInteger> candidates = suspects.stream().flatMap(b -> blocks.get(b).moduli.stream()).filter(m -> !m.equals(n)).toList();
                return pool.submit(() -> candidates.parallelStream().filter(m -> {
                    BigNumber other = arithmetic.of(m);
                    try {
                        return !arithmetic.gcd(other, modulus).equals(BigInteger.ONE);
                    } finally {
                        other.release();
                    }
                }).toList()).join();
            } finally {
                modulus.release();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The product of these moduli by a balanced tree in the population's arithmetic, the levels released as it climbs. */
    private BigNumber product(List<BigInteger> factors) {
        List<BigNumber> level = pool.submit(() -> factors.parallelStream().map(arithmetic::of).toList()).join();
        while (level.size() > 1) {
            List<BigNumber> below = level;
            level = pool.submit(() -> java.util.stream.IntStream.range(0, (below.size() + 1) / 2).parallel()
                    .mapToObj(i -> 2 * i + 1 < below.size() ? arithmetic.multiply(below.get(2 * i), below.get(2 * i + 1)) : below.get(2 * i))
                    .toList()).join();
            for (int i = 0; i + 1 < below.size(); i++) {
                below.get(i).release();
            }
            if (below.size() % 2 == 0) {
                below.getLast().release();
            }
        }
        return level.getFirst();
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            blocks.forEach(b -> b.product.release());
            blocks.clear();
            known.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
