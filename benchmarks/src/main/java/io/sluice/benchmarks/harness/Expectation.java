package io.sluice.benchmarks.harness;

/**
 * What the sinks of a run must have seen, computed independently of any engine: a run whose
 * output differs is reported as a failure, never as a figure.
 */
public record Expectation(long count, long checksum, boolean checksumChecked) {

    /** Events per 1 s window in W2 (timestamps advance 1 ms per 1,000 events). */
    static final long EVENTS_PER_WINDOW = 1_000 * Generator.EVENTS_PER_MILLI;

    /** Events per 200 ms slide of W5's sliding windows; a window spans five slides. */
    static final long EVENTS_PER_SLIDE = 200 * Generator.EVENTS_PER_MILLI;
    static final int SLIDES_PER_WINDOW = 5;

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
            case W5 -> sliding(n, c.keys());
            case W6 -> SessionReference.of(SessionReference.generated(n, c.keys()),
                    Generator.sessionGapMillis(c.keys()));
            case W7 -> {
                // one result per 1 s window: the sum of all its values, carrying the earliest of the
                // first-stage results' timestamps, which is the window's first millisecond
                long results = 0;
                long checksum = 0;
                for (long start = 0; start < n; start += EVENTS_PER_WINDOW) {
                    long end = Math.min(n, start + EVENTS_PER_WINDOW);
                    results++;
                    checksum += (start + end - 1) * (end - start) / 2 * (1 + start / Generator.EVENTS_PER_MILLI);
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

    /**
     * W5: one result per key and sliding window holding any of its events (windows start every
     * slide, from four slides before the first event), carrying the timestamp of the key's first
     * event in that window. Every value lands in the five windows of its slide.
     */
    private static Expectation sliding(long n, long keys) {
        long lastSlide = (n - 1) / EVENTS_PER_SLIDE;
        long results = 0;
        for (long w = -(SLIDES_PER_WINDOW - 1); w <= lastSlide; w++) {
            long from = Math.max(0, w * EVENTS_PER_SLIDE);
            long to = Math.min(n, (w + SLIDES_PER_WINDOW) * EVENTS_PER_SLIDE);
            results += Math.min(keys, to - from);
        }
        long checksum = 0;
        long[] from = new long[SLIDES_PER_WINDOW];
        long[] fromKey = new long[SLIDES_PER_WINDOW];
        for (long s = 0; s <= lastSlide; s++) {
            for (int j = 0; j < SLIDES_PER_WINDOW; j++) { // the windows starting j slides before this one
                from[j] = Math.max(0, (s - j) * EVENTS_PER_SLIDE);
                fromKey[j] = from[j] % keys;
            }
            long end = Math.min(n, (s + 1) * EVENTS_PER_SLIDE);
            long key = s * EVENTS_PER_SLIDE % keys;
            for (long i = s * EVENTS_PER_SLIDE; i < end; i++) {
                for (int j = 0; j < SLIDES_PER_WINDOW; j++) {
                    long d = key - fromKey[j];
                    long first = from[j] + (d < 0 ? d + keys : d); // the key's first index in that window
                    checksum += i * (1 + first / Generator.EVENTS_PER_MILLI);
                }
                if (++key == keys) {
                    key = 0;
                }
            }
        }
        return new Expectation(results, checksum, true);
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
