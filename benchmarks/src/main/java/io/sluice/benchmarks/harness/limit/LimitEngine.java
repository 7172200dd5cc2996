package io.sluice.benchmarks.harness.limit;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.Engine;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.LatencyRecorder;
import io.sluice.benchmarks.harness.RunClock;
import io.sluice.benchmarks.harness.RunConfig;
import io.sluice.benchmarks.harness.W1Functions;
import io.sluice.benchmarks.harness.Workload;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;

import java.util.ArrayList;
import java.util.List;

/**
 * What this machine can do with no stream processor at all, measured with the same generator,
 * functions and sinks: plain loops for W1 and W2 (one thread per "subtask", outputs kept), and for
 * W3 the bare hop — one thread offering events at the fixed rate into an Agrona SPSC queue, another
 * busy-polling it and recording latency from the intended send time. The tail of that hop is the
 * machine's scheduling noise, against which the engines' tails are judged.
 */
public final class LimitEngine implements Engine {

    /** Capacity of the bare hop's queue: the same as a Sluice channel. */
    static final int HOP_CAPACITY = 1024;

    @Override
    public boolean supports(Workload workload) {
        return workload != Workload.W4;
    }

    @Override
    public String unsupportedReason(Workload workload) {
        return "the bare hop has no checkpoints: compare W4 with the limit's W3";
    }

    @Override
    public void run(RunConfig c) throws Exception {
        List<Thread> threads = new ArrayList<>();
        int p = c.workload() == Workload.W3 ? 1 : c.parallelism();
        for (int s = 0; s < p; s++) {
            int subtask = s;
            threads.add(switch (c.workload()) {
                case W1 -> new Thread(() -> w1(c, subtask, p), "limit-w1-" + s);
                case W2 -> new Thread(() -> w2(c, subtask, p), "limit-w2-" + s);
                default -> null;
            });
        }
        if (c.workload() == Workload.W3) {
            threads.clear();
            OneToOneConcurrentArrayQueue<BenchEvent> hop = new OneToOneConcurrentArrayQueue<>(HOP_CAPACITY);
            threads.add(new Thread(() -> offerAtFixedRate(c, hop), "limit-w3-sender"));
            threads.add(new Thread(() -> pollAndRecord(c, hop), "limit-w3-receiver"));
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void w1(RunConfig c, int subtask, int p) {
        CountingConsumer sink = new CountingConsumer();
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), subtask, p);
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = W1Functions.triple(sequence.next());
            if (W1Functions.isEven(e)) {
                sink.accept(W1Functions.plusOne(e));
            }
        }
        sink.finish();
    }

    /**
     * Tumbling 1 s windows by hand: a sum per key for each open window, a window emitted when event
     * time passes its end plus the 100 ms out-of-orderness bound, as the engines' watermarks do (so
     * two windows are open for the first 100 ms of each). Subtask {@code s} sums the keys it owns
     * ({@code key mod p == s}) from the whole stream, as a keyBy would route them.
     */
    private static void w2(RunConfig c, int subtask, int p) {
        CountingConsumer sink = new CountingConsumer();
        java.util.ArrayDeque<OpenWindow> open = new java.util.ArrayDeque<>();
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1);
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = sequence.next();
            while (!open.isEmpty() && open.peekFirst().end + 100 <= e.timestamp) { // watermark passed it
                open.pollFirst().emit(sink);
            }
            if (e.key % p != subtask) {
                continue;
            }
            long start = e.timestamp - e.timestamp % 1_000;
            OpenWindow w = open.peekLast();
            if (w == null || w.start != start) {
                w = new OpenWindow(start);
                open.addLast(w);
            }
            BenchEvent acc = w.sums.get(e.key);
            if (acc == null) {
                w.sums.put(e.key, e);
            } else {
                W1Functions.sum(acc, e);
            }
        }
        while (!open.isEmpty()) {
            open.pollFirst().emit(sink);
        }
        sink.finish();
    }

    /** One window's sums by key. */
    private static final class OpenWindow {
        final long start;
        final long end;
        final Long2ObjectHashMap<BenchEvent> sums = new Long2ObjectHashMap<>();

        OpenWindow(long start) {
            this.start = start;
            this.end = start + 1_000;
        }

        void emit(CountingConsumer sink) {
            for (BenchEvent acc : sums.values()) {
                sink.accept(acc);
            }
        }
    }

    private static void offerAtFixedRate(RunConfig c, OneToOneConcurrentArrayQueue<BenchEvent> hop) {
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1);
        long start = RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            long intended = Generator.intendedNanos(start, sequence.nextIndex(), c.rate());
            while (System.nanoTime() < intended) {
                Thread.onSpinWait();
            }
            BenchEvent e = sequence.nextFixedRate(intended);
            while (!hop.offer(e)) {
                Thread.onSpinWait();
            }
        }
    }

    private static void pollAndRecord(RunConfig c, OneToOneConcurrentArrayQueue<BenchEvent> hop) {
        LatencyRecorder sink = new LatencyRecorder(c.warmupSeconds());
        long n = c.totalEvents();
        for (long received = 0; received < n; ) {
            BenchEvent e = hop.poll();
            if (e == null) {
                Thread.onSpinWait();
                continue;
            }
            sink.accept(e);
            received++;
        }
        sink.finish();
    }
}
