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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An unbounded source with one split that emits exactly the values the test {@link #offer offers},
 * in order, and has nothing to read in between: a partition the test writes to, or, offered
 * nothing, a quiet one. Not for checkpoints (its position is not kept).
 */
public final class QueueSource implements Source<Long, QueueSource.Split> {

    private static final Map<String, ConcurrentLinkedQueue<Long>> QUEUES = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public QueueSource() {
        QUEUES.put(id, new ConcurrentLinkedQueue<>());
    }

    /** Values the source emits next, in this order. */
    public void offer(long... values) {
        for (long v : values) {
            QUEUES.get(id).add(v);
        }
    }

    /** The only split. */
    public static final class Split implements SourceSplit {
        @Override
        public String splitId() {
            return "queue";
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
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        ConcurrentLinkedQueue<Long> queue = QUEUES.get(id);
        return new SourceReader<>() {
            @Override
            public void addSplits(List<Split> splits) {
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                Long next = queue.poll();
                if (next == null) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                output.collect(next);
                return InputStatus.MORE_AVAILABLE;
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
                return "queue split";
            }
        };
    }
}
