package io.certatlas.x509.testing;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.function.Executable;

/**
 * One try of a seeded random property test run as a JUnit {@code @RepeatedTest}: it hands out the
 * try's random source and turns any failure into one that names the seed, the try and the input.
 *
 * <p>The run seed is the system property {@value #SEED_PROPERTY} or else {@value #DEFAULT_SEED},
 * so runs are repeatable and a failure replays with {@code -Dcertatlas.seed=<seed>}. Each try
 * draws from a random source derived from the run seed and its own number, not from the tries
 * before it, so the failing try gives the same input again however the tries are ordered.
 */
public record PropertyTry(long seed, int number, int tries) {

    public static final String SEED_PROPERTY = "certatlas.seed";
    public static final long DEFAULT_SEED = 20261123L;

    public static PropertyTry of(RepetitionInfo repetition) {
        return new PropertyTry(Long.getLong(SEED_PROPERTY, DEFAULT_SEED), repetition.getCurrentRepetition(),
                repetition.getTotalRepetitions());
    }

    /** A fresh random source for this try: the same seed and try number always give the same inputs. */
    public RandomGenerator random() {
        // The odd multiplier spreads consecutive try numbers over the seed space.
        return new SplittableRandom(seed ^ (number * 0x9E3779B97F4A7C15L));
    }

    /**
     * Runs the property on one input. An assertion failure or any unexpected exception is
     * rethrown as an AssertionError that says how to replay it, with the original as its cause.
     */
    public void check(String shownInput, Executable property) {
        try {
            property.execute();
        } catch (Throwable failure) {
            throw new AssertionError("try " + number + " of " + tries + " failed (seed " + seed + ", replay with -D"
                    + SEED_PROPERTY + "=" + seed + "); input: " + shownInput + "; failure: " + failure, failure);
        }
    }
}
