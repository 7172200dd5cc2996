package io.sluice.benchmarks.pipeline;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.List;

/**
 * Emits one preallocated object {@code count} times: a source that allocates nothing per event,
 * so an allocation profile of a job reading it shows what the runtime itself allocates.
 */
public final class ConstantSource implements Source<Object, ConstantSource.Split> {

    private final long count;

    public ConstantSource(long count) {
        this.count = count;
    }

    /** The number of events left. */
    public static final class Split implements SourceSplit {
        long remaining;

        Split(long remaining) {
            this.remaining = remaining;
        }

        @Override
        public String splitId() {
            return "constant";
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        return List.of(new Split(count));
    }

    @Override
    public SourceReader<Object, Split> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            private final Object event = new Object();
            private Split split;

            @Override
            public void addSplits(List<Split> splits) {
                split = splits.isEmpty() ? new Split(0) : splits.get(0);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Object> output) {
                if (split.remaining == 0) {
                    return InputStatus.END_OF_INPUT;
                }
                split.remaining--;
                output.collect(event);
                return InputStatus.MORE_AVAILABLE;
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                return List.of(new Split(split.remaining));
            }
        };
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Split value, DataOutput out) throws java.io.IOException {
                out.writeLong(value.remaining);
            }

            @Override
            public Split deserialize(DataInput in) throws java.io.IOException {
                return new Split(in.readLong());
            }

            @Override
            public String typeName() {
                return "constant split";
            }
        };
    }
}
