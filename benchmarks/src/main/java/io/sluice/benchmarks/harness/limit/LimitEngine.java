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
     * Tumbling 1 s windows by hand: one sum per key for the open window, emitted when event time
     * passes the window's end plus the 100 ms out-of-orderness bound, as the engines' watermarks do.
     * Subtask {@code s} sums the keys it owns ({@code key mod p == s}) from the whole stream, as a
     * keyBy would route them.
     */
    private static void w2(RunConfig c, int subtask, int p) {
        CountingConsumer sink = new CountingConsumer();
        Long2ObjectHashMap<BenchEvent> open = new Long2ObjectHashMap<>();
        long windowEnd = 1_000;
        Generator.Sequence sequence = new Generator.Sequence(c.totalEvents(), c.keys(), 0, 1);
        RunClock.start(System.nanoTime());
        while (sequence.hasNext()) {
            BenchEvent e = sequence.next();
            if (e.timestamp - 100 >= windowEnd) { // watermark passed the window
                emit(open, sink);
                windowEnd += 1_000;
            }
            if (e.key % p != subtask) {
                continue;
            }
            BenchEvent acc = open.get(e.key);
            if (acc == null) {
                open.put(e.key, e);
            } else {
                W1Functions.sum(acc, e);
            }
        }
        emit(open, sink);
        sink.finish();
    }

    private static void emit(Long2ObjectHashMap<BenchEvent> open, CountingConsumer sink) {
        for (BenchEvent acc : open.values()) {
            sink.accept(acc);
        }
        open.clear();
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
