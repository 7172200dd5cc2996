package io.sluice.benchmarks.harness.limit;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunClock;
import io.sluice.benchmarks.harness.RunConfig;

import java.util.Arrays;

/**
 * W6 by hand. The watermark (the highest timestamp seen minus the 200 ms bound minus 1, advanced
 * with every event as the engines' is) licenses what an engine cannot assume: every event is at
 * least 2 ms ahead of it, so the events of millisecond {@code t} are complete once it reaches
 * {@code t - 1}. Events therefore wait in per-millisecond buckets and are applied in timestamp
 * order, which leaves each key at most one open session (start, last timestamp, sum) in plain
 * arrays; a session is emitted when the watermark passes its window's last millisecond
 * {@code last + gap - 1}, found through a ring of per-millisecond expiry buckets. Subtask {@code s}
 * handles the keys it owns ({@code key mod p == s}) from the whole stream.
 */
final class SessionWindowLoop {

    /** Most keys the dense per-key arrays take. */
    static final long MAX_KEYS = 1L << 28;

    private final long gap;
    private final int subtask;
    private final int p;
    /** Events of each pending millisecond: key, value. */
    private final TimeRing pending;
    /** Keys whose session's window ends at each coming millisecond (stale entries skipped). */
    private final TimeRing expiring;
    private final long[] last;
    private final long[] start;
    private final long[] sum;
    private final BenchEvent result = new BenchEvent();
    private final CountingConsumer sink = new CountingConsumer();
    /** The watermark applied so far: buckets up to {@code clock + 1} and expiries up to {@code clock} are done. */
    private long clock = -2; // timestamps start at 0

    /** Throws unless the loop can run {@code c}: called before its threads start, so the run fails, not a thread. */
    static void check(RunConfig c) {
        if (c.keys() > MAX_KEYS) {
            throw new IllegalArgumentException("the limit's W6 keeps dense per-key arrays: --keys must be at most "
                    + MAX_KEYS + ", was " + c.keys());
        }
    }

    private SessionWindowLoop(RunConfig c, int subtask, int p) {
        this.gap = Generator.sessionGapMillis(c.keys());
        this.subtask = subtask;
        this.p = p;
        this.pending = new TimeRing(2 * Generator.SESSION_JITTER_MS + 4, 2);
        this.expiring = new TimeRing(gap + 2, 1);
        int keys = (int) c.keys();
        last = new long[keys];
        start = new long[keys];
        sum = new long[keys];
        Arrays.fill(last, Long.MIN_VALUE); // no open session
    }

    static void run(RunConfig c, int subtask, int p) {
        new SessionWindowLoop(c, subtask, p).loop(c);
    }

    private void loop(RunConfig c) {
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1, Generator.Shape.SESSIONS);
        long maxTimestamp = Long.MIN_VALUE;
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = sequence.next();
            if (e.timestamp > maxTimestamp) {
                maxTimestamp = e.timestamp;
                advanceTo(maxTimestamp - Generator.SESSION_JITTER_MS - 1);
            }
            if (e.key % p != subtask) {
                continue;
            }
            if (e.timestamp <= clock + 1) {
                throw new IllegalStateException("W6 event " + e + " behind the watermark " + clock
                        + ": the generator's jitter must stay below its out-of-orderness bound");
            }
            pending.add(e.timestamp, e.key, e.value);
        }
        if (maxTimestamp != Long.MIN_VALUE) {
            advanceTo(maxTimestamp + gap); // end of input: every bucket and every session
        }
        sink.finish();
    }

    private void advanceTo(long watermark) {
        while (clock < watermark) {
            clock++;
            long t = clock + 1; // no more events of t can come
            for (int j = 0, n = pending.size(t); j < n; j++) {
                apply(t, (int) pending.get(t, j, 0), pending.get(t, j, 1));
            }
            pending.clear(t);
            for (int j = 0, n = expiring.size(clock); j < n; j++) {
                int k = (int) expiring.get(clock, j, 0);
                if (last[k] != Long.MIN_VALUE && last[k] + gap - 1 == clock) {
                    emit(k);
                }
            }
            expiring.clear(clock);
        }
    }

    /** Event {@code (k, value)} at {@code t}, applied in timestamp order. */
    private void apply(long t, int k, long value) {
        if (last[k] != Long.MIN_VALUE && t - last[k] <= gap) { // windows [last, last + gap) and [t, t + gap) touch
            sum[k] += value;
            if (t == last[k]) {
                return;
            }
        } else {
            if (last[k] != Long.MIN_VALUE) {
                emit(k);
            }
            start[k] = t;
            sum[k] = value;
        }
        last[k] = t;
        expiring.add(t + gap - 1, k, 0);
    }

    private void emit(int k) {
        result.key = k;
        result.value = sum[k];
        result.timestamp = start[k];
        sink.accept(result);
        last[k] = Long.MIN_VALUE;
    }

    /** A ring of per-millisecond buckets of fixed-width long tuples, for times less than its size apart. */
    static final class TimeRing {
        private final int mask;
        private final int width;
        private final long[][] buckets;
        private final int[] sizes;

        TimeRing(long span, int width) {
            int size = Integer.highestOneBit((int) Math.max(2, span - 1)) << 1;
            this.mask = size - 1;
            this.width = width;
            this.buckets = new long[size][16 * width];
            this.sizes = new int[size];
        }

        void add(long time, long a, long b) {
            int slot = (int) time & mask;
            long[] bucket = buckets[slot];
            int at = sizes[slot] * width;
            if (at + width > bucket.length) {
                bucket = buckets[slot] = Arrays.copyOf(bucket, bucket.length * 2);
            }
            bucket[at] = a;
            if (width > 1) {
                bucket[at + 1] = b;
            }
            sizes[slot]++;
        }

        int size(long time) {
            return sizes[(int) time & mask];
        }

        long get(long time, int j, int field) {
            return buckets[(int) time & mask][j * width + field];
        }

        void clear(long time) {
            sizes[(int) time & mask] = 0;
        }
    }
}
