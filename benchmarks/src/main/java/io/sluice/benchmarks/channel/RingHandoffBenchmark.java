package io.sluice.benchmarks.channel;

import io.sluice.runtime.channel.OneToOneRing;
import io.sluice.runtime.channel.StreamElement;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * One producer thread and one consumer thread handing elements over: the runtime's own ring
 * against Agrona's SPSC queue. Throughput per side; a failed offer/poll counts as no operation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Group)
public class RingHandoffBenchmark {

    @Param({"sluice", "agrona"})
    public String ring;

    @Param({"1024"})
    public int capacity;

    private OneToOneRing sluice;
    private OneToOneConcurrentArrayQueue<Long> agrona;
    private final Long value = 42L;

    @Setup
    public void setUp() {
        sluice = new OneToOneRing(capacity);
        agrona = new OneToOneConcurrentArrayQueue<>(capacity);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean offer() {
        if (ring.equals("sluice")) {
            return sluice.offer(StreamElement.RECORD, value, 1L);
        }
        return agrona.offer(value);
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void poll(Blackhole bh) {
        if (ring.equals("sluice")) {
            StreamElement e = sluice.peek();
            if (e != null) {
                bh.consume(e.value());
                sluice.release();
            }
        } else {
            bh.consume(agrona.poll());
        }
    }
}
