package io.sluice.benchmarks.harness;

/**
 * Brute-force event-time sessions, the reference W6 is checked against: per key, its timestamps in
 * order; consecutive ones at most {@code gap} apart share a session (Sluice and Flink merge session
 * windows {@code [t, t + gap)} that touch, so two events exactly {@code gap} apart are one session).
 * Each session's result is the sum of its values carrying its earliest timestamp, folded into the
 * harness checksum {@code sum x (1 + start)}.
 *
 * <p>The events are ordered by timestamp with one counting sort (timestamps span a few seconds per
 * million events), then swept in that order keeping one open session per key: linear in the events.
 */
public final class SessionReference {

    /** Random access to the events of a run. Keys and timestamps must be non-negative, keys below 2^31. */
    public interface Events {
        long size();

        long key(long i);

        long timestamp(long i);

        long value(long i);
    }

    private SessionReference() {
    }

    /** The count and checksum of the sessions of {@code events} with session gap {@code gap} ms. */
    public static Expectation of(Events events, long gap) {
        long n = events.size();
        if (n >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the session reference sorts at most 2^31 - 1 events, not " + n);
        }
        long maxTs = 0;
        long maxKey = 0;
        for (long i = 0; i < n; i++) {
            maxTs = Math.max(maxTs, events.timestamp(i));
            maxKey = Math.max(maxKey, events.key(i));
        }
        int[] byTime = new int[(int) n];
        int[] firstOfTime = new int[(int) maxTs + 2];
        for (long i = 0; i < n; i++) {
            firstOfTime[(int) events.timestamp(i) + 1]++;
        }
        for (int t = 1; t < firstOfTime.length; t++) {
            firstOfTime[t] += firstOfTime[t - 1];
        }
        int[] fill = firstOfTime.clone();
        for (long i = 0; i < n; i++) {
            byTime[fill[(int) events.timestamp(i)]++] = (int) i;
        }

        int keys = (int) maxKey + 1;
        long[] last = new long[keys];
        long[] start = new long[keys];
        long[] sum = new long[keys];
        java.util.Arrays.fill(last, Long.MIN_VALUE); // no open session
        long count = 0;
        long checksum = 0;
        for (int j = 0; j < n; j++) {
            long i = byTime[j];
            int k = (int) events.key(i);
            long t = events.timestamp(i);
            if (last[k] != Long.MIN_VALUE && t - last[k] <= gap) {
                sum[k] += events.value(i);
            } else {
                if (last[k] != Long.MIN_VALUE) {
                    count++;
                    checksum += sum[k] * (1 + start[k]);
                }
                start[k] = t;
                sum[k] = events.value(i);
            }
            last[k] = t;
        }
        for (int k = 0; k < keys; k++) {
            if (last[k] != Long.MIN_VALUE) {
                count++;
                checksum += sum[k] * (1 + start[k]);
            }
        }
        return new Expectation(count, checksum, true);
    }

    /** The events of a W6 run of {@code n} events over {@code keys} keys. */
    static Events generated(long n, long keys) {
        return new Events() {
            @Override
            public long size() {
                return n;
            }

            @Override
            public long key(long i) {
                return Generator.event(i, keys, Generator.Shape.SESSIONS).key;
            }

            @Override
            public long timestamp(long i) {
                return Generator.event(i, keys, Generator.Shape.SESSIONS).timestamp;
            }

            @Override
            public long value(long i) {
                return i;
            }
        };
    }
}
