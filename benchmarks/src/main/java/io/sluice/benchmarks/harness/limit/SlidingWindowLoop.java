package io.sluice.benchmarks.harness.limit;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunClock;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.W1Functions;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;

/**
 * W5 by hand: one sum per key per 200 ms slice, and each 1 s window's results combined from its
 * five slices when event time passes the window's end plus the 100 ms out-of-orderness bound, as
 * the engines' watermarks fire it. Subtask {@code s} sums the keys it owns ({@code key mod p == s})
 * from the whole stream, as a keyBy would route them.
 */
final class SlidingWindowLoop {

    static final long SLIDE_MS = 200;
    static final long SIZE_MS = 1_000;
    static final long OUT_OF_ORDERNESS_MS = 100;

    /** Open slices in time order; a slice is dropped once the last window holding it has been emitted. */
    private final ArrayDeque<Slice> slices = new ArrayDeque<>();
    /** One window's results by key while they are combined. */
    private final Long2ObjectHashMap<BenchEvent> window = new Long2ObjectHashMap<>();
    private final CountingConsumer sink = new CountingConsumer();
    /** Start of the next window to emit, once the first slice is open. */
    private long nextWindow = Long.MIN_VALUE;

    static void run(RunConfig c, int subtask, int p) {
        new SlidingWindowLoop().loop(c, subtask, p);
    }

    private void loop(RunConfig c, int subtask, int p) {
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1);
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = sequence.next();
            while (nextWindow != Long.MIN_VALUE && nextWindow + SIZE_MS + OUT_OF_ORDERNESS_MS <= e.timestamp) {
                emitNextWindow(); // the watermark passed its end
            }
            if (e.key % p != subtask) {
                continue;
            }
            long start = e.timestamp - e.timestamp % SLIDE_MS;
            Slice slice = slices.peekLast();
            if (slice == null || slice.start != start) {
                slice = new Slice(start);
                slices.addLast(slice);
                if (nextWindow == Long.MIN_VALUE) {
                    nextWindow = start - SIZE_MS + SLIDE_MS; // the first window holding this slice
                }
            }
            BenchEvent acc = slice.sums.get(e.key);
            if (acc == null) {
                slice.sums.put(e.key, e);
            } else {
                W1Functions.sum(acc, e); // within a slice the first event is the earliest
            }
        }
        while (!slices.isEmpty()) {
            emitNextWindow();
        }
        sink.finish();
    }

    /** Emits the window starting at {@code nextWindow}: per key, its slices' sums and the earliest timestamp. */
    private void emitNextWindow() {
        long end = nextWindow + SIZE_MS;
        for (Slice slice : slices) { // ascending: a key's first slice in the window has its earliest event
            if (slice.start >= end) {
                break;
            }
            for (BenchEvent part : slice.sums.values()) {
                BenchEvent acc = window.get(part.key);
                if (acc == null) {
                    window.put(part.key, new BenchEvent(part.key, part.value, part.timestamp));
                } else {
                    acc.value += part.value;
                }
            }
        }
        for (BenchEvent result : window.values()) {
            sink.accept(result);
        }
        window.clear();
        nextWindow += SLIDE_MS;
        while (!slices.isEmpty() && slices.peekFirst().start < nextWindow) {
            slices.pollFirst(); // no later window holds it
        }
    }

    /** One slice's sums by key. */
    private static final class Slice {
        final long start;
        final Long2ObjectHashMap<BenchEvent> sums = new Long2ObjectHashMap<>();

        Slice(long start) {
            this.start = start;
        }
    }
}
