package io.sluice.runtime.channel;

/**
 * A random channel per record, from a xorshift generator held in the partitioner: no allocation and
 * no shared state per record (unlike {@code ThreadLocalRandom}'s lookups or {@code Random}'s atomic
 * seed). Not reproducible across runs, which shuffle does not promise.
 */
public final class ShufflePartitioner implements Partitioner {

    private long state;

    /** @param seed any value; a zero seed is replaced, as xorshift would stay at zero */
    public ShufflePartitioner(long seed) {
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    @Override
    public int selectChannel(Object record, int numberOfChannels) {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        // The high 31 bits, scaled to the channel count without the bias of a modulo.
        return (int) (((x >>> 33) * numberOfChannels) >>> 31);
    }
}
