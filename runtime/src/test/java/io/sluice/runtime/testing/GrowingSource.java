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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An unbounded source whose splits appear while the job runs, like partitions added to a topic:
 * split {@code k} holds the values {@code k * PER_SPLIT .. (k + 1) * PER_SPLIT - 1}. The test
 * {@link #publish publishes} more splits; the source discovers them every 10 ms. Readers keep
 * finished splits in their snapshots (as a discovering source must) and never end. Every emitted
 * value is recorded with the subtask that emitted it.
 */
public final class GrowingSource implements Source<Long, GrowingSource.Split> {

    public static final int PER_SPLIT = 500;

    private static final Map<String, AtomicInteger> PUBLISHED = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedQueue<long[]>> EMITTED = new ConcurrentHashMap<>();

    private final String id;

    /** A source with {@code initialSplits} splits published, and a registry of its own. */
    public GrowingSource(int initialSplits) {
        this(UUID.randomUUID().toString(), initialSplits);
    }

    /** A source sharing the registry {@code id}: a second run of a job reads the same splits. */
    public GrowingSource(String id, int initialSplits) {
        this.id = id;
        PUBLISHED.computeIfAbsent(id, k -> new AtomicInteger()).accumulateAndGet(initialSplits, Math::max);
        EMITTED.putIfAbsent(id, new ConcurrentLinkedQueue<>());
    }

    public String id() {
        return id;
    }

    /** Makes splits up to {@code count} (exclusive) available. */
    public void publish(int count) {
        PUBLISHED.get(id).accumulateAndGet(count, Math::max);
    }

    /** (subtask, value) of every value emitted so far, by every run sharing the registry. */
    public List<long[]> emitted() {
        return new ArrayList<>(EMITTED.get(id));
    }

    /** A split and its position. */
    public record Split(int index, long next) implements SourceSplit {
        @Override
        public String splitId() {
            return "split-" + index;
        }

        long end() {
            return (index + 1L) * PER_SPLIT;
        }
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<Split> createSplits(int parallelism) {
        return available();
    }

    @Override
    public Duration splitDiscoveryInterval() {
        return Duration.ofMillis(10);
    }

    @Override
    public List<Split> discoverSplits() {
        return available();
    }

    private List<Split> available() {
        List<Split> splits = new ArrayList<>();
        for (int k = 0; k < PUBLISHED.get(id).get(); k++) {
            splits.add(new Split(k, (long) k * PER_SPLIT));
        }
        return splits;
    }

    @Override
    public SourceReader<Long, Split> createReader(SourceReaderContext context) {
        ConcurrentLinkedQueue<long[]> emitted = EMITTED.get(id);
        int subtask = context.subtaskIndex();
        return new SourceReader<>() {
            private final List<Split> splits = new ArrayList<>();

            @Override
            public void addSplits(List<Split> added) {
                splits.addAll(added);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                for (int i = 0; i < splits.size(); i++) {
                    Split s = splits.get(i);
                    if (s.next() < s.end()) {
                        output.forSplit(s.splitId()).collect(s.next());
                        emitted.add(new long[] {subtask, s.next()});
                        splits.set(i, new Split(s.index(), s.next() + 1));
                        return InputStatus.MORE_AVAILABLE;
                    }
                }
                return InputStatus.NOTHING_AVAILABLE; // never the end: a split may come later
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                return List.copyOf(splits); // finished ones too, so that a restore knows them
            }
        };
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new TypeSerializer<>() {
            @Override
            public void serialize(Split value, DataOutput out) throws IOException {
                out.writeInt(value.index());
                out.writeLong(value.next());
            }

            @Override
            public Split deserialize(DataInput in) throws IOException {
                return new Split(in.readInt(), in.readLong());
            }

            @Override
            public String typeName() {
                return "growing source split";
            }
        };
    }
}
