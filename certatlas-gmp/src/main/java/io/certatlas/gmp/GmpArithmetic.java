package io.certatlas.gmp;

import io.certatlas.x509.keys.gcd.Arithmetic;
import io.certatlas.x509.keys.gcd.BigNumber;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Arithmetic} with GMP's {@code mpz} functions, called through {@code java.lang.foreign}.
 * A number is an {@code mpz_t} (16 bytes: alloc, size, limb pointer on LP64) whose limbs GMP
 * allocates with malloc; {@link BigNumber#release()} calls {@code mpz_clear}, and a {@link Cleaner}
 * does it for a number dropped without release.
 */
final class GmpArithmetic implements Arithmetic {

    private static final Logger LOG = Logger.getLogger(GmpArithmetic.class.getName());
    private static final List<String> LIBRARIES = List.of("/usr/lib/x86_64-linux-gnu/libgmp.so.10",
            "/usr/lib/aarch64-linux-gnu/libgmp.so.10", "/usr/lib64/libgmp.so.10", "/usr/lib/libgmp.so.10");
    private static final long MPZ_BYTES = 16;
    private static final Cleaner CLEANER = Cleaner.create();

    private final MethodHandle init;
    private final MethodHandle clear;
    private final MethodHandle importBytes;
    private final MethodHandle exportBytes;
    private final MethodHandle sizeInBase;
    private final MethodHandle mul;
    private final MethodHandle tdivR;
    private final MethodHandle divExact;
    private final MethodHandle gcd;

    private GmpArithmetic(SymbolLookup gmp) {
        Linker linker = Linker.nativeLinker();
        ValueLayout.OfLong sizeT = ValueLayout.JAVA_LONG;
        init = handle(linker, gmp, "__gmpz_init", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        clear = handle(linker, gmp, "__gmpz_clear", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        // void mpz_import(mpz_t rop, size_t count, int order, size_t size, int endian, size_t nails, const void *op)
        importBytes = handle(linker, gmp, "__gmpz_import", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, sizeT,
                ValueLayout.JAVA_INT, sizeT, ValueLayout.JAVA_INT, sizeT, ValueLayout.ADDRESS));
        // void *mpz_export(void *rop, size_t *countp, int order, size_t size, int endian, size_t nails, const mpz_t op)
        exportBytes = handle(linker, gmp, "__gmpz_export", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, sizeT, ValueLayout.JAVA_INT, sizeT, ValueLayout.ADDRESS));
        sizeInBase = handle(linker, gmp, "__gmpz_sizeinbase", FunctionDescriptor.of(sizeT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        FunctionDescriptor ternary = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
        mul = handle(linker, gmp, "__gmpz_mul", ternary);
        tdivR = handle(linker, gmp, "__gmpz_tdiv_r", ternary);
        divExact = handle(linker, gmp, "__gmpz_divexact", ternary);
        gcd = handle(linker, gmp, "__gmpz_gcd", ternary);
    }

    static Optional<Arithmetic> load() {
        for (String library : LIBRARIES) {
            if (!Files.isReadable(Path.of(library))) {
                continue;
            }
            try {
                GmpArithmetic gmp = new GmpArithmetic(SymbolLookup.libraryLookup(Path.of(library), Arena.global()));
                // A round trip, so that a library that loads but misbehaves is not used.
                BigInteger probe = BigInteger.TWO.pow(200).add(BigInteger.valueOf(12345));
                BigNumber n = gmp.of(probe);
                boolean sound = n.toBigInteger().equals(probe);
                n.release();
                if (sound) {
                    return Optional.of(gmp);
                }
                LOG.warning(library + " loaded but did not give back what it was given; using the JDK's BigInteger");
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.INFO, "GMP not usable from " + library + " (" + e + "); using the JDK's BigInteger", e);
            }
        }
        return Optional.empty();
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new IllegalStateException("libgmp has no " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    private final class Mpz implements BigNumber {
        final MemorySegment struct;
        final Cleaner.Cleanable cleanable;

        Mpz() {
            MemorySegment segment = Arena.ofAuto().allocate(MPZ_BYTES, 8);
            invoke(init, segment);
            this.struct = segment;
            AtomicBoolean cleared = new AtomicBoolean();
            // The action holds the segment (keeping its automatic arena alive), never this object.
            this.cleanable = CLEANER.register(this, () -> {
                if (cleared.compareAndSet(false, true)) {
                    invoke(clear, segment);
                }
            });
        }

        @Override
        public BigInteger toBigInteger() {
            long bits = bitLength();
            if (bits == 0) {
                return BigInteger.ZERO;
            }
            try (Arena arena = Arena.ofConfined()) {
                long bytes = (bits + 7) / 8;
                MemorySegment out = arena.allocate(bytes);
                MemorySegment count = arena.allocate(ValueLayout.JAVA_LONG);
                try {
                    MemorySegment ignored = (MemorySegment) exportBytes.invokeExact(out, count, 1, 1L, 1, 0L, struct);
                } catch (Throwable e) {
                    throw new IllegalStateException("mpz_export failed", e);
                }
                long written = count.get(ValueLayout.JAVA_LONG, 0);
                return new BigInteger(1, out.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE));
            }
        }

        @Override
        public long bitLength() {
            // mpz_sizeinbase(0, 2) is 1; the sign is never negative here.
            if (struct.get(ValueLayout.JAVA_INT, 4) == 0) {
                return 0;
            }
            try {
                return (long) sizeInBase.invokeExact(struct, 2);
            } catch (Throwable e) {
                throw new IllegalStateException("mpz_sizeinbase failed", e);
            }
        }

        @Override
        public void release() {
            cleanable.clean();
        }
    }

    @Override
    public String name() {
        return "gmp";
    }

    @Override
    public BigNumber of(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("only non-negative numbers are used here, was negative");
        }
        Mpz n = new Mpz();
        if (value.signum() == 0) {
            return n;
        }
        byte[] bytes = value.toByteArray();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, in, ValueLayout.JAVA_BYTE, 0, bytes.length);
            importBytes.invokeExact(n.struct, (long) bytes.length, 1, 1L, 1, 0L, in);
        } catch (Throwable e) {
            throw new IllegalStateException("mpz_import failed", e);
        }
        return n;
    }

    @Override
    public BigNumber multiply(BigNumber a, BigNumber b) {
        return ternary(mul, a, b);
    }

    @Override
    public BigNumber square(BigNumber a) {
        return ternary(mul, a, a);
    }

    @Override
    public BigNumber remainder(BigNumber a, BigNumber m) {
        return ternary(tdivR, a, m);
    }

    @Override
    public BigNumber divideExact(BigNumber a, BigNumber b) {
        return ternary(divExact, a, b);
    }

    @Override
    public BigInteger gcd(BigNumber a, BigNumber b) {
        BigNumber g = ternary(gcd, a, b);
        try {
            return g.toBigInteger();
        } finally {
            g.release();
        }
    }

    private BigNumber ternary(MethodHandle function, BigNumber a, BigNumber b) {
        Mpz result = new Mpz();
        try {
            function.invokeExact(result.struct, ((Mpz) a).struct, ((Mpz) b).struct);
        } catch (Throwable e) {
            result.release();
            throw new IllegalStateException("GMP call failed", e);
        }
        return result;
    }

    private static void invoke(MethodHandle function, MemorySegment segment) {
        try {
            function.invokeExact(segment);
        } catch (Throwable e) {
            throw new IllegalStateException("GMP call failed", e);
        }
    }
}
