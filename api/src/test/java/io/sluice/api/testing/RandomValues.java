package io.sluice.api.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Inputs for the seeded property tests ({@code *PropertiesTest}): values drawn from one
 * {@code new Random(seed)}, biased towards the edge values a failing case tends to need (0, -1, the
 * ends of the range, empty strings and lists, non-ASCII and unpaired-surrogate text). A test runs
 * once per seed and puts the seed in every assertion message, so a failure is replayed by its seed.
 */
public final class RandomValues {

    private static final long[] LONG_EDGES = {0, 1, -1, 2, -2, Long.MIN_VALUE, Long.MAX_VALUE,
            Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Integer.MIN_VALUE, Integer.MAX_VALUE};
    private static final int[] INT_EDGES = {0, 1, -1, 2, -2, Integer.MIN_VALUE, Integer.MAX_VALUE,
            Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, Short.MIN_VALUE, Short.MAX_VALUE};
    private static final double[] DOUBLE_EDGES = {0.0, -0.0, 1.0, -1.0, Double.MIN_VALUE, -Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY};
    private static final String[] STRING_EDGES = {"", " ", "a", "\u0000", "é", "日本", "😀", "\ud83d", "\ude00",
            "\ude00\ud83d", "a\u0000b", "\uffff", "\u007f\u0080\u07ff\u0800"};

    private final Random random;

    public RandomValues(long seed) {
        this.random = new Random(seed);
    }

    /**
     * {@code count} fixed seeds, so a run is repeatable and a failure replayable from the seed in its
     * message. They are 0, 1, 2, ... scrambled (SplitMix64): {@code Random}s made from consecutive
     * small seeds give nearly the same first values, which would leave most edge cases untried.
     */
    public static LongStream seeds(int count) {
        return LongStream.range(0, count).map(RandomValues::scramble);
    }

    private static long scramble(long i) {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public Random random() {
        return random;
    }

    /** True with probability {@code 1/n}. */
    public boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    /** Any long: an edge value a quarter of the time, a small one a quarter, else uniform. */
    public long anyLong() {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return LONG_EDGES[random.nextInt(LONG_EDGES.length)];
        }
        return kind == 1 ? random.nextInt(2001) - 1000 : random.nextLong();
    }

    /** Any int: an edge value a quarter of the time, a small one a quarter, else uniform. */
    public int anyInt() {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return INT_EDGES[random.nextInt(INT_EDGES.length)];
        }
        return kind == 1 ? random.nextInt(2001) - 1000 : random.nextInt();
    }

    /** Any double, NaN, infinities and -0.0 included. */
    public double anyDouble() {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return DOUBLE_EDGES[random.nextInt(DOUBLE_EDGES.length)];
        }
        if (kind == 1) {
            return Double.longBitsToDouble(random.nextLong()); // any bit pattern, NaNs with payloads too
        }
        return (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(40) - 20);
    }

    /**
     * A long in {@code [min, max]}: one of the ends (or 0, or a neighbour of an end, when in range)
     * a quarter of the time, else uniform.
     */
    public long longBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException(min + " > " + max);
        }
        if (oneIn(4)) {
            long[] edges = {min, max, 0, min == max ? min : min + 1, min == max ? max : max - 1};
            long edge = edges[random.nextInt(edges.length)];
            if (edge >= min && edge <= max) {
                return edge;
            }
        }
        if (max < Long.MAX_VALUE) {
            return random.nextLong(min, max + 1);
        }
        return min > Long.MIN_VALUE ? random.nextLong(min - 1, max) + 1 : random.nextLong();
    }

    /** An int in {@code [min, max]}, biased to the ends as {@link #longBetween} is. */
    public int intBetween(int min, int max) {
        return (int) longBetween(min, max);
    }

    /**
     * Any string: an edge case a fifth of the time, else up to 40 chars mixing ASCII, Latin-1, any
     * BMP char (unpaired surrogates and U+0000 included) and surrogate pairs.
     */
    public String anyString() {
        if (oneIn(5)) {
            return STRING_EDGES[random.nextInt(STRING_EDGES.length)];
        }
        int length = oneIn(10) ? 0 : random.nextInt(41);
        StringBuilder s = new StringBuilder(length * 2);
        int alphabet = random.nextInt(4); // one kind of text per string, or (3) all kinds mixed
        for (int i = 0; i < length; i++) {
            int kind = alphabet == 3 ? random.nextInt(4) : alphabet;
            switch (kind) {
                case 0 -> s.append((char) (0x20 + random.nextInt(0x5F)));
                case 1 -> s.append((char) random.nextInt(0x100));
                case 2 -> s.append((char) random.nextInt(0x10000));
                default -> s.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return s.toString();
    }

    /** Up to {@code maxSize} elements: empty, single or full-size now and then, else any size. */
    public <T> List<T> listOf(int maxSize, Supplier<T> element) {
        int size;
        int kind = random.nextInt(8);
        if (kind == 0) {
            size = 0;
        } else if (kind == 1) {
            size = Math.min(1, maxSize);
        } else if (kind == 2) {
            size = maxSize;
        } else {
            size = random.nextInt(maxSize + 1);
        }
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }
}
