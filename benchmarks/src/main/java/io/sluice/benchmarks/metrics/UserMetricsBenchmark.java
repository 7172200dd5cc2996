package io.sluice.benchmarks.metrics;

import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.Meter;
import io.sluice.api.metrics.MetricGroup;
import io.sluice.runtime.metrics.UserMetrics;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What a function pays per user metric update on its worker thread: {@code Counter.inc()},
 * {@code Histogram.update(v)}, {@code Meter.markEvent()}, each through the interface a function
 * holds, with no reader. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes allocated
 * per update.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class UserMetricsBenchmark {

    private Counter counter;
    private Histogram histogram;
    private Meter meter;
    private long value;

    @Setup
    public void setUp() {
        MetricGroup group = new UserMetrics("'benchmark' (subtask 1/1)").group();
        counter = group.counter("counter");
        histogram = group.histogram("histogram");
        meter = group.meter("meter");
    }

    @Benchmark
    public void counterInc() {
        counter.inc();
    }

    @Benchmark
    public void histogramUpdate() {
        // a value that moves over the histogram's range, as latencies do
        value = (value + 7_919) & ((1L << 30) - 1);
        histogram.update(value);
    }

    @Benchmark
    public void meterMarkEvent() {
        meter.markEvent();
    }
}
