package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunClock;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The harness generator as a Sluice source: one split per subtask, each generating its share of
 * the index space. Unlimited ({@code rate == 0}): events as fast as the job takes them. Fixed rate:
 * each event when its intended send time has come, stamped with that time; a reader that falls
 * behind catches up without skipping any, so lateness shows as latency.
 */
public final class GeneratorSource implements Source<BenchEvent, GeneratorSource.Split> {

    private static final long serialVersionUID = 1L;

    private final long total;
    private final long keys;
    private final long rate;
    private final Generator.Shape shape;

    private GeneratorSource(long total, long keys, long rate, Generator.Shape shape) {
        this.total = total;
        this.keys = keys;
        this.rate = rate;
        this.shape = shape;
    }

    public static GeneratorSource unlimited(long total, long keys) {
        return unlimited(total, keys, Generator.Shape.ASCENDING);
    }

    public static GeneratorSource unlimited(long total, long keys, Generator.Shape shape) {
        return new GeneratorSource(total, keys, 0, shape);
    }

    public static GeneratorSource fixedRate(long total, long keys, long ratePerSecond) {
        return new GeneratorSource(total, keys, ratePerSecond, Generator.Shape.ASCENDING);
    }

    /** Subtask {@code subtask}'s share, and how many of it were emitted. */
    public static final class Split implements SourceSplit {
        final int subtask;
        final int parallelism;
        long emitted;

        Split(int subtask, int parallelism, long emitted) {
            this.subtask = subtask;
            this.parallelism = parallelism;
            this.emitted = emitted;
        }

        @Override
        public String splitId() {
            return "generator-" + subtask;
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> splits = new ArrayList<>(parallelism);
        for (int s = 0; s < parallelism; s++) {
            splits.add(new Split(s, parallelism, 0));
        }
        return splits;
    }

    @Override
    public SourceReader<BenchEvent, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    private final class Reader implements SourceReader<BenchEvent, Split> {
        private Split split;
        private Generator.Sequence sequence;
        private long start;

        @Override
        public void addSplits(List<Split> splits) {
            if (splits.size() > 1) {
                throw new IllegalStateException("one generator split per subtask, got " + splits.size());
            }
            if (!splits.isEmpty()) {
                split = splits.get(0);
                sequence = new Generator.Sequence(total, keys, split.subtask, split.parallelism, shape);
                sequence.seek(split.emitted);
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<BenchEvent> output) {
            if (sequence == null || !sequence.hasNext()) {
                return InputStatus.END_OF_INPUT;
            }
            if (start == 0) {
                start = RunClock.start(System.nanoTime());
            }
            if (rate == 0) {
                output.collect(sequence.next());
            } else {
                long intended = Generator.intendedNanos(start, sequence.nextIndex(), rate);
                if (System.nanoTime() < intended) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                output.collect(sequence.nextFixedRate(intended));
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            return split == null ? List.of() : List.of(new Split(split.subtask, split.parallelism, sequence.emitted()));
        }
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Split value, DataOutput out) throws IOException {
                out.writeInt(value.subtask);
                out.writeInt(value.parallelism);
                out.writeLong(value.emitted);
            }

            @Override
            public Split deserialize(DataInput in) throws IOException {
                return new Split(in.readInt(), in.readInt(), in.readLong());
            }

            @Override
            public String typeName() {
                return "generator split";
            }
        };
    }
}
