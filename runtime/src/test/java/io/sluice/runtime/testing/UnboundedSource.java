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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Emits 0, 1, 2, ... (or up to a limit) as fast as it is asked, never blocking. One split per subtask. */
public final class UnboundedSource implements Source<Long, UnboundedSource.Split> {

    private final long limit;

    public UnboundedSource() {
        this(Long.MAX_VALUE);
    }

    /** Emits {@code 0..limit-1} per subtask, then ends; {@code Long.MAX_VALUE} never ends. */
    public UnboundedSource(long limit) {
        this.limit = limit;
    }

    /** A counter position. */
    public static final class Split implements SourceSplit {
        final int index;
        long next;

        Split(int index, long next) {
            this.index = index;
            this.next = next;
        }

        @Override
        public String splitId() {
            return "counter-" + index;
        }
    }

    @Override
    public Boundedness boundedness() {
        return limit == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            splits.add(new Split(i, 0));
        }
        return splits;
    }

    @Override
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            private final List<Split> splits = new ArrayList<>();

            @Override
            public void addSplits(List<Split> s) {
                splits.addAll(s);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                if (splits.isEmpty() || splits.get(0).next >= limit) {
                    return InputStatus.END_OF_INPUT;
                }
                Split s = splits.get(0);
                output.collect(s.next++);
                return InputStatus.MORE_AVAILABLE;
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                List<Split> copy = new ArrayList<>();
                for (Split s : splits) {
                    copy.add(new Split(s.index, s.next));
                }
                return copy;
            }
        };
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Split s, DataOutput out) throws IOException {
                out.writeInt(s.index);
                out.writeLong(s.next);
            }

            @Override
            public Split deserialize(DataInput in) throws IOException {
                return new Split(in.readInt(), in.readLong());
            }

            @Override
            public String typeName() {
                return "counter split";
            }
        };
    }
}
