package io.sluice.benchmarks.harness;

/**
 * What the sinks of a run must have seen, computed independently of any engine: a run whose
 * output differs is reported as a failure, never as a figure.
 */
public record Expectation(long count, long checksum, boolean checksumChecked) {

    /** Events per 1 s window in W2 (timestamps advance 1 ms per 1,000 events). */
    static final long EVENTS_PER_WINDOW = 1_000 * Generator.EVENTS_PER_MILLI;

    public static Expectation of(RunConfig c) {
        long n = c.totalEvents();
        return switch (c.workload()) {
            case W1 -> {
                long count = 0;
                long checksum = 0;
                for (long i = 0; i < n; i += 2) { // x*3 is even exactly when x is
                    count++;
                    checksum += (3 * i + 1) * (1 + i / Generator.EVENTS_PER_MILLI);
                }
                yield new Expectation(count, checksum, true);
            }
            case W2 -> {
                long results = 0;
                for (long start = 0; start < n; start += EVENTS_PER_WINDOW) {
                    results += Math.min(c.keys(), Math.min(EVENTS_PER_WINDOW, n - start));
                }
                // every value lands in exactly one window sum, whose result carries the timestamp of
                // the first event of that key in that window
                long keys = c.keys();
                long checksum = 0;
                for (long i = 0; i < n; i++) {
                    long windowStart = i / EVENTS_PER_WINDOW * EVENTS_PER_WINDOW;
                    long first = windowStart + Math.floorMod(i % keys - windowStart % keys, keys);
                    checksum += i * (1 + first / Generator.EVENTS_PER_MILLI);
                }
                yield new Expectation(results, checksum, true);
            }
            case W3, W4 -> {
                if (c.engine().equals("limit")) {
                    yield new Expectation(n, n, true); // the bare hop passes the events on unchanged (value 1)
                }
                // each result is the running count of its key (values are 1): key k's c events add c(c+1)/2
                long keys = c.keys();
                long checksum = 0;
                for (long k = 0; k < Math.min(keys, n); k++) {
                    long events = n / keys + (k < n % keys ? 1 : 0);
                    checksum += events * (events + 1) / 2;
                }
                yield new Expectation(n, checksum, true);
            }
        };
    }

    /** Null when the run matched, else what differs. */
    public String mismatch(long count, long checksum) {
        if (count != this.count) {
            return "sinks saw " + count + " events, expected " + this.count;
        }
        if (checksumChecked && checksum != this.checksum) {
            return "sinks' checksum " + checksum + ", expected " + this.checksum;
        }
        return null;
    }
}
