package io.sluice.api.internal;

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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The numbers {@code from..to} (inclusive), split into one contiguous range per subtask; nothing
 * is materialised, so a range of billions costs no memory. A split's position is its next number.
 */
public final class SequenceSource implements Source<Long, SequenceSource.Range>, SharedAcrossSubtasks {

    private final long from;
    private final long to;

    public SequenceSource(long from, long to) {
        if (to < from) {
            throw new IllegalArgumentException("sequence end " + to + " is before its start " + from);
        }
        this.from = from;
        this.to = to;
    }

    /** The numbers {@code [next, last]} of one subtask. */
    public static final class Range implements SourceSplit {
        final int index;
        long next;
        final long last;

        Range(int index, long next, long last) {
            this.index = index;
            this.next = next;
            this.last = last;
        }

        @Override
        public String splitId() {
            return "sequence-" + index;
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Range> createSplits(int parallelism) {
        List<Range> splits = new ArrayList<>(parallelism);
        // Computed in unsigned-safe steps: to - from may exceed Long.MAX_VALUE only for absurd ranges.
        long count = to - from + 1;
        long start = from;
        for (int i = 0; i < parallelism; i++) {
            long size = count / parallelism + (i < count % parallelism ? 1 : 0);
            splits.add(new Range(i, start, start + size - 1));
            start += size;
        }
        return splits;
    }

    @Override
    public SourceReader<Long, Range> createReader(SourceReaderContext context) {
        return new SourceReader<>() {
            private final ArrayDeque<Range> ranges = new ArrayDeque<>();

            @Override
            public void addSplits(List<Range> splits) {
                ranges.addAll(splits);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                Range r = ranges.peek();
                while (r != null && r.next > r.last) {
                    ranges.poll();
                    r = ranges.peek();
                }
                if (r == null) {
                    return InputStatus.END_OF_INPUT;
                }
                output.collect(r.next++);
                return InputStatus.MORE_AVAILABLE;
            }

            @Override
            public List<Range> snapshotState(long checkpointId) {
                List<Range> copy = new ArrayList<>();
                for (Range r : ranges) {
                    copy.add(new Range(r.index, r.next, r.last));
                }
                return copy;
            }
        };
    }

    @Override
    public TypeSerializer<Range> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Range r, DataOutput out) throws IOException {
                out.writeInt(r.index);
                out.writeLong(r.next);
                out.writeLong(r.last);
            }

            @Override
            public Range deserialize(DataInput in) throws IOException {
                return new Range(in.readInt(), in.readLong(), in.readLong());
            }

            @Override
            public String typeName() {
                return "sequence range";
            }
        };
    }
}
