package io.sluice.connectors.files;

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

/**
 * Emits {@code 0..count-1} split into {@code splits} interleaved ranges (split i holds i, i+splits,
 * ...), at about {@code perMs} records per millisecond per reader, so that a job lives long enough to
 * be killed in the middle. Each split's position (its next value) goes into checkpoints.
 */
final class PacedSequenceSource implements Source<Long, PacedSequenceSource.Split> {

    private static final long serialVersionUID = 1L;

    private final long count;
    private final int splits;
    private final int perMs;

    PacedSequenceSource(long count, int splits, int perMs) {
        this.count = count;
        this.splits = splits;
        this.perMs = perMs;
    }

    /** Split {@code index}; {@code next} is the next value it emits. */
    record Split(int index, long next) implements SourceSplit {
        @Override
        public String splitId() {
            return "paced-" + index;
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < splits; i++) {
            out.add(new Split(i, i));
        }
        return out;
    }

    @Override
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        return new Reader();
    }

    /** Reads its splits in turn; the pace is measured from the reader's creation. */
    private final class Reader implements SourceReader<Long, Split> {
        private final List<long[]> positions = new ArrayList<>(); // {index, next}
        private final long startNs = System.nanoTime();
        private int turn;
        private long emitted;

        @Override
        public void addSplits(List<Split> assigned) {
            for (Split split : assigned) {
                positions.add(new long[] {split.index(), split.next()});
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            long allowed = (System.nanoTime() - startNs) / 1_000_000L * perMs + perMs;
            if (emitted >= allowed) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            for (int i = 0; i < positions.size(); i++) {
                long[] p = positions.get((turn + i) % positions.size());
                if (p[1] < count) {
                    turn = (turn + i + 1) % positions.size();
                    output.collect(p[1]);
                    p[1] += splits;
                    emitted++;
                    return InputStatus.MORE_AVAILABLE;
                }
            }
            return InputStatus.END_OF_INPUT;
        }

        @Override
        public List<Split> snapshotState(long checkpointId) {
            List<Split> out = new ArrayList<>(positions.size());
            for (long[] p : positions) {
                out.add(new Split((int) p[0], p[1]));
            }
            return out;
        }
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new SplitSerializer();
    }

    private static final class SplitSerializer implements TypeSerializer<Split> {
        private static final long serialVersionUID = 1L;

        @Override
        public void serialize(Split s, DataOutput out) throws IOException {
            out.writeInt(s.index());
            out.writeLong(s.next());
        }

        @Override
        public Split deserialize(DataInput in) throws IOException {
            return new Split(in.readInt(), in.readLong());
        }

        @Override
        public String typeName() {
            return "paced sequence split";
        }
    }
}
