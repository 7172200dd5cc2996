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
 * A bounded source over a list held in the job: one split per subtask, each a contiguous range
 * whose position is the next index to emit. The list is never changed, so subtasks share it and
 * its elements need not be serializable.
 */
public final class CollectionSource<T> implements Source<T, CollectionSource.RangeSplit>, SharedAcrossSubtasks {

    private final List<T> elements;

    public CollectionSource(List<T> elements) {
        this.elements = elements;
    }

    /** A range {@code [next, end)} of the list. */
    public static final class RangeSplit implements SourceSplit {
        final int index;
        int next;
        final int end;

        public RangeSplit(int index, int next, int end) {
            this.index = index;
            this.next = next;
            this.end = end;
        }

        @Override
        public String splitId() {
            return "range-" + index;
        }

        public int next() {
            return next;
        }

        public int end() {
            return end;
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<RangeSplit> createSplits(int parallelism) {
        List<RangeSplit> splits = new ArrayList<>(parallelism);
        int n = elements.size();
        for (int i = 0; i < parallelism; i++) {
            int from = (int) ((long) n * i / parallelism);
            int to = (int) ((long) n * (i + 1) / parallelism);
            splits.add(new RangeSplit(i, from, to));
        }
        return splits;
    }

    @Override
    public SourceReader<T, RangeSplit> createReader(SourceReaderContext context) {
        return new Reader();
    }

    @Override
    public TypeSerializer<RangeSplit> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(RangeSplit s, DataOutput out) throws IOException {
                out.writeInt(s.index);
                out.writeInt(s.next);
                out.writeInt(s.end);
            }

            @Override
            public RangeSplit deserialize(DataInput in) throws IOException {
                return new RangeSplit(in.readInt(), in.readInt(), in.readInt());
            }

            @Override
            public String typeName() {
                return "RangeSplit";
            }
        };
    }

    private final class Reader implements SourceReader<T, RangeSplit> {
        private final ArrayDeque<RangeSplit> splits = new ArrayDeque<>();

        @Override
        public void addSplits(List<RangeSplit> newSplits) {
            splits.addAll(newSplits);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) {
            RangeSplit split = splits.peek();
            while (split != null && split.next >= split.end) {
                splits.poll();
                split = splits.peek();
            }
            if (split == null) {
                return InputStatus.END_OF_INPUT;
            }
            output.collect(elements.get(split.next++));
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<RangeSplit> snapshotState(long checkpointId) {
            List<RangeSplit> copy = new ArrayList<>();
            for (RangeSplit s : splits) {
                copy.add(new RangeSplit(s.index, s.next, s.end));
            }
            return copy;
        }
    }
}
