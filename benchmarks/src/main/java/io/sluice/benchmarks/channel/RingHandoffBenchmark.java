package io.sluice.benchmarks.channel;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * The runtime's SPSC ring ({@code OneToOneRing}) against Agrona's {@code OneToOneConcurrentArrayQueue}
 * and an LMAX Disruptor single-producer {@code RingBuffer}, all with 1024 slots carrying one object
 * reference. The ring is the channel between two subtasks, so its cost bounds every non-chained edge.
 *
 * <ul>
 *   <li>{@code throughput} (group of one producer and one consumer thread): transfers per second.
 *       Every call of {@code offer} and of {@code poll} is one successful transfer: each retries
 *       (spinning) until its element went in / came out, and gives up only when JMH ends the
 *       iteration ({@link Control#stopMeasurement}, as in JMH's ping-pong sample), so neither side
 *       can hang the other at an iteration's end. Read the {@code :offer} or {@code :poll} line; the
 *       group line is their sum, twice the transfer rate. {@code batch}: the producer publishes (and the
 *       consumer hands slots back) every {@code batch} elements and whenever it would otherwise wait
 *       (full / empty ring), which is what a task does at the end of its turn. 64 is what the runtime
 *       does (the consumer hands slots back on its own every 64); 1 is per element. The runtime's ring
 *       shows each element as soon as it is written, so there {@code batch} moves only the hand-back
 *       and the size for metrics. Agrona's queue always publishes per element, so for it the two
 *       values are the same run.</li>
 *   <li>{@code roundTrip} ({@code SampleTime}, ns): the benchmark thread sends an element through ring A
 *       to an echo thread (started in set-up), which sends it back through ring B; one operation is
 *       one round trip with one element in flight, each side publishing and committing per element.</li>
 * </ul>
 * Both threads spin (with {@code Thread.onSpinWait}); on a machine with fewer free cores than spinning
 * threads the numbers measure the scheduler, not the ring.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RingHandoffBenchmark {

    /** The element passed around: preallocated, so neither side allocates. */
    static final Object VALUE = 42L;

    /** The ring shared by the producer and the consumer of one group. Read-only after set-up. */
    @State(Scope.Group)
    public static class Handoff {
        @Param({"sluice", "agrona", "disruptor"})
        public String ring;

        @Param({"1024"})
        public int capacity;

        @Param({"64", "1"})
        public int batch;

        Channel channel;

        @Setup(Level.Trial)
        public void setUp() {
            channel = Channel.create(ring, capacity);
        }
    }

    /** 2026-01-01T00:00:00Z: event time as a job's records carry it, far beyond a 32-bit stamp. */
    static final long EPOCH_MS = 1_767_225_600_000L;

    /** The producer's own counters (a thread-scoped state, so it shares no cache line with the consumer's). */
    @State(Scope.Thread)
    public static class ProducerSide {
        int unflushed;
        /** Elements sent, for their event time: about a millisecond per thousand. */
        long sent;
    }

    /** The consumer's own counter. */
    @State(Scope.Thread)
    public static class ConsumerSide {
        int uncommitted;
    }

    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void offer(Handoff h, ProducerSide p, Control control) {
        Channel c = h.channel;
        while (!c.offer(VALUE, EPOCH_MS + (p.sent >> 10))) { // a full ring publishes what it holds before saying no
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        p.sent++;
        if (++p.unflushed >= h.batch) {
            p.unflushed = 0;
            c.flush();
        }
    }

    @Benchmark
    @Group("throughput")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object poll(Handoff h, ConsumerSide s, Control control) {
        Channel c = h.channel;
        Object v;
        while ((v = c.poll()) == null) {
            c.commit(); // caught up: hand back what was read, as a task does at the end of its turn
            if (control.stopMeasurement) {
                return null;
            }
            Thread.onSpinWait();
        }
        if (++s.uncommitted >= h.batch) {
            s.uncommitted = 0;
            c.commit();
        }
        return v;
    }

    /** Ring A to an echo thread, ring B back. One per benchmark thread, so {@code -t N} stays SPSC. */
    @State(Scope.Thread)
    public static class PingPong {
        @Param({"sluice", "agrona", "disruptor"})
        public String ring;

        @Param({"1024"})
        public int capacity;

        Channel there;
        Channel back;
        private Thread echo;
        private volatile boolean running;
        private volatile Throwable echoFailure;

        @Setup(Level.Trial)
        public void setUp() {
            there = Channel.create(ring, capacity);
            back = Channel.create(ring, capacity);
            running = true;
            echo = new Thread(this::echoLoop, "ring-echo");
            echo.setDaemon(true);
            echo.start();
        }

        private void echoLoop() {
            try {
                while (running) {
                    Object v = there.poll();
                    if (v == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    there.commit();
                    while (!back.offer(v, EPOCH_MS)) {
                        if (!running) {
                            return;
                        }
                        Thread.onSpinWait();
                    }
                    back.flush();
                }
            } catch (Throwable t) {
                echoFailure = t;
            }
        }

        /** Called now and then by a waiting benchmark thread, so a dead echo fails the run instead of hanging it. */
        void checkEcho() {
            if (echoFailure != null || !echo.isAlive()) {
                throw new IllegalStateException("echo thread died", echoFailure);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            echo.join(10_000);
            if (echo.isAlive()) {
                throw new IllegalStateException("echo thread did not stop");
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Object roundTrip(PingPong p) {
        Channel there = p.there;
        Channel back = p.back;
        while (!there.offer(VALUE, EPOCH_MS)) { // never full: one element in flight
            Thread.onSpinWait();
        }
        there.flush();
        Object v;
        int spins = 0;
        while ((v = back.poll()) == null) {
            if ((++spins & 0xFFFFF) == 0) {
                p.checkEcho();
            }
            Thread.onSpinWait();
        }
        back.commit();
        return v;
    }
}
