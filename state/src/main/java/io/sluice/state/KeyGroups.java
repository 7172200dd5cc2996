package io.sluice.state;

/**
 * The mapping key → key group → subtask. Invariant: a key's group depends only on its hash and
 * maxParallelism, never on parallelism, so state stored by key group can be redistributed to any
 * parallelism. {@code keyGroup = murmur(key.hashCode()) % maxParallelism};
 * {@code subtask = keyGroup * parallelism / maxParallelism}.
 */
public final class KeyGroups {

    private KeyGroups() {
    }

    public static int keyGroupFor(Object key, int maxParallelism) {
        if (key == null) {
            throw new NullPointerException("a key must not be null: the key selector returned null");
        }
        return (murmurMix(key.hashCode()) & 0x7fffffff) % maxParallelism;
    }

    public static int subtaskFor(int keyGroup, int maxParallelism, int parallelism) {
        return keyGroup * parallelism / maxParallelism;
    }

    /** The key groups whose {@link #subtaskFor subtask} is {@code subtask}. */
    public static KeyGroupRange rangeFor(int subtask, int maxParallelism, int parallelism) {
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " exceeds maxParallelism " + maxParallelism);
        }
        int start = (subtask * maxParallelism + parallelism - 1) / parallelism;
        int end = ((subtask + 1) * maxParallelism + parallelism - 1) / parallelism - 1;
        return new KeyGroupRange(start, end);
    }

    /** Murmur3's 32-bit mix of one int: spreads poor hash codes (small integers) over all groups. */
    static int murmurMix(int code) {
        int k = code * 0xcc9e2d51;
        k = Integer.rotateLeft(k, 15);
        k *= 0x1b873593;
        int h = Integer.rotateLeft(k, 13);
        h = h * 5 + 0xe6546b64;
        h ^= 4;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
