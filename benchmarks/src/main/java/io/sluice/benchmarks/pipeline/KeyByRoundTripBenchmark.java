package io.sluice.benchmarks.pipeline;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency of one event through a running keyed job: source → keyBy(key) → a keyed process function
 * keeping a {@code ValueState<Long>} sum → sink, parallelism 2 on 2 busy-spinning workers. The job
 * runs for the whole trial; the benchmark thread hands the event with sequence n to the source
 * through an SPSC queue and spins until the sink has seen n. So one operation is: queue hand-off,
 * source poll, key-group routing over a ring to the keyed subtask (either of the two), state get +
 * update, sink — one event in flight, nothing batched behind it. Report: ns per event.
 *
 * <p>The JMH thread and the two workers all spin: on a machine with fewer than 3 free cores the
 * figure is mostly waiting for the scheduler (a median of one 4 ms tick was seen on 2 cores); there,
 * try {@code -p workers=1}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class KeyByRoundTripBenchmark {

    /**
     * Where the benchmark thread hands events to the source. Static because the source is copied
     * into the job (serialized); one job per fork, so one queue.
     */
    static volatile OneToOneConcurrentArrayQueue<Event> inbox;
    /** The sequence number of the last event any sink subtask wrote. */
    static final AtomicLong LAST_SEEN = new AtomicLong(-1);

    /** An event: its key, its sequence number, and a value to sum. */
    public record Event(long key, long seq, long value) {
    }

    /** Distinct keys, spread over both keyed subtasks. */
    @Param({"1024"})
    public int keys;

    /**
     * Worker threads of the job. 1 by default: with the JMH thread spinning too, two busy-spinning
     * workers would be three spinners on a 2-core machine and the figure would be the OS scheduler's
     * time slice, not Sluice. Use {@code -p workers=2} on 3 or more cores.
     */
    @Param({"1"})
    public int workers;

    /** How idle workers wait (see {@code ExecutionOptions.IdleStrategyKind}). */
    @Param({"BUSY_SPIN"})
    public ExecutionOptions.IdleStrategyKind idle;

    private JobClient client;
    private long seq;

    @Setup(Level.Trial)
    public void startJob() throws Exception {
        inbox = new OneToOneConcurrentArrayQueue<>(1024);
        LAST_SEEN.set(-1);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(ExecutionOptions.WORKERS, workers);
        env.set(ExecutionOptions.IDLE_STRATEGY, idle);
        env.fromSource(new InboxSource(), WatermarkStrategy.noWatermarks(), "inbox").returns(Event.class)
                .keyBy(Event::key)
                .process(new SumPerKey()).returns(Long.class)
                .sinkTo(new LastSeenSink());
        client = env.executeAsync("keyby-round-trip");
        // The first event also waits for the job to be running.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        send(0);
        while (LAST_SEEN.get() != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not deliver its first event within 60 s; status "
                        + client.status());
            }
            checkJob();
            Thread.onSpinWait();
        }
        seq = 0;
    }

    @Benchmark
    public long roundTrip() {
        long n = ++seq;
        send(n);
        int spins = 0;
        while (LAST_SEEN.get() != n) {
            if ((++spins & 0xFFFF) == 0) {
                checkJob();
            }
            Thread.onSpinWait();
        }
        return n;
    }

    private void send(long n) {
        Event e = new Event(n % keys, n, n);
        while (!inbox.offer(e)) { // never full: one event in flight
            Thread.onSpinWait();
        }
    }

    private void checkJob() {
        JobStatus status = client.status();
        if (status.isTerminal() || status == JobStatus.CANCELLING) {
            try {
                client.await(Duration.ofSeconds(1)); // a failed job throws its failure here
            } catch (RuntimeException | InterruptedException | TimeoutException e) {
                throw new IllegalStateException("the job ended (" + status + ") while the benchmark waited", e);
            }
            throw new IllegalStateException("the job ended (" + status + ") while the benchmark waited");
        }
    }

    @TearDown(Level.Trial)
    public void cancelJob() throws InterruptedException, TimeoutException {
        if (client != null) {
            client.cancel();
            client.await(Duration.ofSeconds(30));
        }
    }

    /** Keeps a running sum per key in keyed state and emits the event's sequence number. */
    static final class SumPerKey extends KeyedProcessFunction<Long, Event, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext context) {
            sum = context.getState(new ValueStateDescriptor<>("sum", Serializers.LONG));
        }

        @Override
        public void processElement(Event event, Context ctx, Collector<Long> out) throws Exception {
            Long s = sum.value();
            sum.update(s == null ? event.value() : s + event.value());
            out.collect(event.seq());
        }
    }

    /** Publishes the last sequence number it wrote; subtasks of both keyed partitions write the same counter. */
    static final class LastSeenSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> LAST_SEEN.set(element);
        }
    }

    /** Reads {@link #inbox}: one split, so subtask 0 reads and the other subtask idles. Never ends. */
    static final class InboxSource implements Source<Event, InboxSource.Split> {
        private static final long serialVersionUID = 1L;

        /** The only split; it has no position. */
        static final class Split implements SourceSplit {
            @Override
            public String splitId() {
                return "inbox";
            }
        }

        @Override
        public Boundedness boundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            return List.of(new Split());
        }

        @Override
        public SourceReader<Event, Split> createReader(SourceReaderContext context) {
            return new SourceReader<>() {
                private OneToOneConcurrentArrayQueue<Event> queue;

                @Override
                public void addSplits(List<Split> splits) {
                    if (!splits.isEmpty()) {
                        queue = inbox;
                    }
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Event> output) {
                    if (queue == null) {
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    Event e = queue.poll();
                    if (e == null) {
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    output.collect(e);
                    return InputStatus.MORE_AVAILABLE;
                }

                @Override
                public List<Split> snapshotState(long checkpointId) {
                    return queue == null ? List.of() : List.of(new Split());
                }
            };
        }

        @Override
        public TypeSerializer<Split> splitSerializer() {
            return new TypeSerializer<>() {
                @Override
                public void serialize(Split value, DataOutput out) {
                }

                @Override
                public Split deserialize(DataInput in) throws IOException {
                    return new Split();
                }

                @Override
                public String typeName() {
                    return "inbox split";
                }
            };
        }
    }
}
