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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Emits {@code 0..count-1}, split into {@code splits} interleaved ranges (split i has i, i+splits,
 * ...), paced at about {@code perMs} records per millisecond per reader so a job lives long enough
 * for checkpoints. Fails on purpose: the reader of subtask 0 throws once it has seen two checkpoints
 * complete since it was created, as long as failures are left — so each failure happens after at least two
 * completed checkpoints of the current run.
 */
public final class FailingSequenceSource implements Source<Long, FailingSequenceSource.Split> {

    private static final Map<String, AtomicInteger> FAILURES_LEFT = new ConcurrentHashMap<>();
    private static final Map<String, Progress> PROGRESS = new ConcurrentHashMap<>();

    /** Records emitted by all readers of one source, with a monitor to wait on. */
    private static final class Progress {
        /** Readers wake waiters once per this many records, not per record. */
        static final int SIGNAL_EVERY = 256;
        final AtomicLong emitted = new AtomicLong();

        void emitted() {
            if (emitted.incrementAndGet() % SIGNAL_EVERY == 0) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        synchronized boolean await(long n, long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
            while (emitted.get() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final long count;
    private final int splits;
    private final int perMs;

    public FailingSequenceSource(long count, int splits, int perMs, int failures) {
        this.count = count;
        this.splits = splits;
        this.perMs = perMs;
        FAILURES_LEFT.put(id, new AtomicInteger(failures));
        PROGRESS.put(id, new Progress());
    }

    /**
     * Waits until the readers have emitted at least {@code n} records in all (a multiple of 256),
     * at most {@code timeout}; false if they have not by then.
     */
    public boolean awaitEmitted(long n, java.time.Duration timeout) throws InterruptedException {
        return PROGRESS.get(id).await(n, timeout.toMillis());
    }

    public int failuresLeft() {
        return FAILURES_LEFT.get(id).get();
    }

    /** Split {@code index}; {@code next} is the next value it emits. */
    public record Split(int index, long next) implements SourceSplit {
        @Override
        public String splitId() {
            return "seq-" + index;
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
        AtomicInteger failuresLeft = FAILURES_LEFT.get(id);
        Progress progress = PROGRESS.get(id);
        boolean failing = context.subtaskIndex() == 0; // one reader fails, so each failure is one restart
        return new SourceReader<>() {
            private final List<long[]> positions = new ArrayList<>(); // {index, next}
            private int completed;
            private int turn;
            private long startNs = System.nanoTime();
            private long emitted;

            @Override
            public void addSplits(List<Split> s) {
                for (Split split : s) {
                    positions.add(new long[] {split.index(), split.next()});
                }
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                if (failing && completed >= 2 && failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("injected failure");
                }
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
                        progress.emitted();
                        return InputStatus.MORE_AVAILABLE;
                    }
                }
                return InputStatus.END_OF_INPUT;
            }

            @Override
            public List<Split> snapshotState(long checkpointId) {
                List<Split> out = new ArrayList<>();
                for (long[] p : positions) {
                    out.add(new Split((int) p[0], p[1]));
                }
                return out;
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) {
                completed++;
            }
        };
    }

    @Override
    public TypeSerializer<Split> splitSerializer() {
        return new TypeSerializer<>() {
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
                return "sequence split";
            }
        };
    }
}
