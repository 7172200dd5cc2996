package com.example.jobs;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
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
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An endless job for the runtime server's tests: a paced counter source (event time now, so
 * watermarks move) into a map, keyed by the value modulo 16, a running sum per key, and a sink that
 * drops everything; two chains joined by a hash edge. Its first argument is the rate per source
 * subtask in records per second (default 2,000): records keep flowing without the job taking a
 * whole core. The test packs this class and its nested classes alone into a jar: it uses only the
 * Sluice API, and no lambdas of its own.
 */
public final class PacedCountJob implements Job {

    @Override
    public void define(StreamEnvironment env, String[] args) {
        long recordsPerSecond = args.length > 0 ? Long.parseLong(args[0]) : 2_000;
        env.fromSource(new PacedSource(recordsPerSecond),
                        WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(200))
                                .withTimestampAssigner(new WallClock()),
                        "paced counter")
                .map(new Square()).name("square")
                .keyBy(new Modulo()).reduce(new Sum()).name("sum per key")
                .sinkTo(new DropSink()).name("drop");
    }

    /** Event time is the wall clock. */
    public static final class WallClock implements io.sluice.api.time.TimestampAssigner<Long> {
        @Override
        public long extractTimestamp(Long element, long recordTimestamp) {
            return System.currentTimeMillis();
        }
    }

    public static final class Square implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            return value * value;
        }
    }

    public static final class Modulo implements KeySelector<Long, Long> {
        @Override
        public Long getKey(Long value) {
            return value % 16;
        }
    }

    public static final class Sum implements ReduceFunction<Long> {
        @Override
        public Long reduce(Long accumulated, Long value) {
            return accumulated + value;
        }
    }

    public static final class DropSink implements Sink<Long> {
        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return new DropWriter();
        }
    }

    public static final class DropWriter implements SinkWriter<Long> {
        @Override
        public void write(Long element, long timestamp) {
            // dropped: the test watches the counts only
        }
    }

    /** One counter per subtask, paced to {@code recordsPerSecond}; never ends. */
    public static final class PacedSource implements Source<Long, Counter> {

        private final long recordsPerSecond;

        public PacedSource(long recordsPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
        }

        @Override
        public Boundedness boundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public List<Counter> createSplits(int parallelism) {
            List<Counter> splits = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                splits.add(new Counter(i, 0));
            }
            return splits;
        }

        @Override
        public SourceReader<Long, Counter> createReader(SourceReaderContext context) {
            return new PacedReader(recordsPerSecond);
        }

        @Override
        public TypeSerializer<Counter> splitSerializer() {
            return new CounterSerializer();
        }
    }

    /** A counter's position. */
    public static final class Counter implements SourceSplit {
        final int index;
        long next;

        Counter(int index, long next) {
            this.index = index;
            this.next = next;
        }

        @Override
        public String splitId() {
            return "counter-" + index;
        }
    }

    /** Emits while it is behind its schedule, then says nothing is available. */
    public static final class PacedReader implements SourceReader<Long, Counter> {

        private final List<Counter> splits = new ArrayList<>();
        private final long recordsPerSecond;
        private final long startNs = System.nanoTime();
        private long emitted;

        PacedReader(long recordsPerSecond) {
            this.recordsPerSecond = recordsPerSecond;
        }

        @Override
        public void addSplits(List<Counter> added) {
            splits.addAll(added);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            long due = (System.nanoTime() - startNs) / 1_000_000 * recordsPerSecond / 1_000;
            if (splits.isEmpty() || emitted >= due) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            Counter counter = splits.get(0);
            output.collect(counter.next++);
            emitted++;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Counter> snapshotState(long checkpointId) {
            List<Counter> copy = new ArrayList<>();
            for (Counter c : splits) {
                copy.add(new Counter(c.index, c.next));
            }
            return copy;
        }
    }

    public static final class CounterSerializer implements TypeSerializer<Counter> {
        @Override
        public void serialize(Counter counter, DataOutput out) throws IOException {
            out.writeInt(counter.index);
            out.writeLong(counter.next);
        }

        @Override
        public Counter deserialize(DataInput in) throws IOException {
            return new Counter(in.readInt(), in.readLong());
        }

        @Override
        public String typeName() {
            return "paced counter";
        }
    }
}
