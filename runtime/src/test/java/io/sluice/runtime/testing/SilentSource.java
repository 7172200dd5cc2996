package io.sluice.runtime.testing;

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

/** An unbounded source with one split that never has anything to read, like a quiet partition. */
public final class SilentSource<T> implements Source<T, SilentSource.Split> {

    /** The only split. */
    public static final class Split implements SourceSplit {
        @Override
        public String splitId() {
            return "silent";
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
    public SourceReader<T, Split> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            @Override
            public void addSplits(List<Split> splits) {
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) {
                return InputStatus.NOTHING_AVAILABLE;
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                return List.of(new Split());
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
            public Split deserialize(DataInput in) {
                return new Split();
            }

            @Override
            public String typeName() {
                return "silent split";
            }
        };
    }
}
