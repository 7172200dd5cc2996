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
 * functions and sinks: plain loops for W1, W2 and W5–W7 (one thread per "subtask", outputs kept), and for
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
        if (c.workload() == Workload.W6) {
            SessionWindowLoop.check(c);
        }
        SecondStage secondStage = new SecondStage(p);
        for (int s = 0; s < p; s++) {
            int subtask = s;
            threads.add(switch (c.workload()) {
                case W1 -> new Thread(() -> w1(c, subtask, p), "limit-w1-" + s);
                case W2 -> new Thread(() -> w2(c, subtask, p, null), "limit-w2-" + s);
                case W5 -> new Thread(() -> SlidingWindowLoop.run(c, subtask, p), "limit-w5-" + s);
                case W6 -> new Thread(() -> SessionWindowLoop.run(c, subtask, p), "limit-w6-" + s);
                case W7 -> new Thread(() -> w2(c, subtask, p, secondStage), "limit-w7-" + s);
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
     * ({@code key mod p == s}) from the whole stream, as a keyBy would route them. W7 passes its
     * closed windows' sums on to a {@link SecondStage} instead of the sink.
     */
    private static void w2(RunConfig c, int subtask, int p, SecondStage secondStage) {
        CountingConsumer sink = new CountingConsumer();
        java.util.ArrayDeque<OpenWindow> open = new java.util.ArrayDeque<>();
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1);
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = sequence.next();
            while (!open.isEmpty() && open.peekFirst().end + 100 <= e.timestamp) { // watermark passed it
                close(open.pollFirst(), sink, secondStage);
            }
            boolean owned = e.key % p == subtask;
            if (!owned && secondStage == null) {
                continue;
            }
            long start = e.timestamp - e.timestamp % 1_000;
            OpenWindow w = open.peekLast();
            if (w == null || w.start != start) {
                w = new OpenWindow(start); // W7: every subtask closes every window, owning keys in it or not
                open.addLast(w);
            }
            if (!owned) {
                continue;
            }
            BenchEvent acc = w.sums.get(e.key);
            if (acc == null) {
                w.sums.put(e.key, e);
            } else {
                W1Functions.sum(acc, e);
            }
        }
        while (!open.isEmpty()) {
            close(open.pollFirst(), sink, secondStage);
        }
        sink.finish();
    }

    private static void close(OpenWindow w, CountingConsumer sink, SecondStage secondStage) {
        if (secondStage == null) {
            w.emit(sink);
            return;
        }
        BenchEvent total = new BenchEvent(w.end, 0, Long.MAX_VALUE);
        for (BenchEvent acc : w.sums.values()) {
            W1Functions.sumKeepingEarliest(total, acc);
        }
        secondStage.add(total, sink);
    }

    /**
     * W7's second stage by hand: one sum per window end across the subtasks, emitted by the subtask
     * that closes the window last (a window's results come from every subtask, as after a keyBy on
     * the window end). Touched once per window and subtask, so a lock costs nothing here.
     */
    static final class SecondStage {
        private final int parallelism;
        private final java.util.Map<Long, BenchEvent> totals = new java.util.HashMap<>();
        private final java.util.Map<Long, Integer> parts = new java.util.HashMap<>();

        SecondStage(int parallelism) {
            this.parallelism = parallelism;
        }

        synchronized void add(BenchEvent part, CountingConsumer sink) {
            BenchEvent total = totals.merge(part.key, part, W1Functions::sumKeepingEarliest);
            if (parts.merge(part.key, 1, Integer::sum) == parallelism) {
                totals.remove(part.key);
                parts.remove(part.key);
                sink.accept(total);
            }
        }
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
