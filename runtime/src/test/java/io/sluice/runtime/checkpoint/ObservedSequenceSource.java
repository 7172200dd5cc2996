package io.sluice.runtime.checkpoint;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.testing.FailingSequenceSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The paced sequence of {@link FailingSequenceSource} (without failures) whose readers report what
 * they do: the records each subtask emitted, which subtasks reached the end of their input, and the
 * newest checkpoint completion any reader was told of. Tests wait on these, with deadlines. Kept in
 * a static registry by source id, since the runtime copies the source into the job.
 */
final class ObservedSequenceSource implements Source<Long, FailingSequenceSource.Split> {

    private static final long serialVersionUID = 1L;
    private static final Map<String, Observations> OBSERVED = new ConcurrentHashMap<>();

    /** What the readers of one source did; a monitor for waiting on it. Readers call in from their worker threads. */
    private static final class Observations {
        private final Map<Integer, Long> emitted = new HashMap<>();
        private final Set<Integer> ended = new HashSet<>();
        private long newestCompletedCheckpoint = -1;

        synchronized void emitted(int subtask, long records) {
            emitted.put(subtask, records);
            notifyAll();
        }

        synchronized void ended(int subtask) {
            ended.add(subtask);
            notifyAll();
        }

        synchronized void completed(long checkpointId) {
            newestCompletedCheckpoint = Math.max(newestCompletedCheckpoint, checkpointId);
            notifyAll();
        }

        synchronized boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
            long deadlineNs = System.nanoTime() + timeout.toNanos();
            while (!condition.getAsBoolean()) {
                long leftMs = (deadlineNs - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    return false;
                }
                wait(leftMs);
            }
            return true;
        }
    }

    private final String id = UUID.randomUUID().toString();
    private final FailingSequenceSource sequence;

    /** Values {@code 0..count-1} in {@code splits} interleaved splits, about {@code perMs} per millisecond per reader. */
    ObservedSequenceSource(long count, int splits, int perMs) {
        this.sequence = new FailingSequenceSource(count, splits, perMs, 0);
        OBSERVED.put(id, new Observations());
    }

    private Observations observations() {
        return OBSERVED.get(id);
    }

    /** Records emitted by the reader of {@code subtask} so far (0 if it never emitted one, or never ran). */
    long emittedBy(int subtask) {
        Observations o = observations();
        synchronized (o) {
            return o.emitted.getOrDefault(subtask, 0L);
        }
    }

    boolean hasEnded(int subtask) {
        Observations o = observations();
        synchronized (o) {
            return o.ended.contains(subtask);
        }
    }

    /** The newest checkpoint whose completion a reader of this source was told of, -1 if none. */
    long newestCompletedCheckpoint() {
        Observations o = observations();
        synchronized (o) {
            return o.newestCompletedCheckpoint;
        }
    }

    /** Waits at most {@code timeout} until the reader of {@code subtask} has returned END_OF_INPUT. */
    boolean awaitEnd(int subtask, Duration timeout) throws InterruptedException {
        Observations o = observations();
        return o.await(() -> o.ended.contains(subtask), timeout);
    }

    /**
     * Waits at most {@code timeout} until a reader was told that checkpoint {@code id} or a later one
     * completed, or until {@code subtask}'s reader ended (after which it hears of no more); true in
     * the first case.
     */
    boolean awaitCompletedCheckpoint(long id, int subtask, Duration timeout) throws InterruptedException {
        Observations o = observations();
        o.await(() -> o.newestCompletedCheckpoint >= id || o.ended.contains(subtask), timeout);
        return newestCompletedCheckpoint() >= id;
    }

    @Override
    public Boundedness boundedness() {
        return sequence.boundedness();
    }

    @Override
    public List<FailingSequenceSource.Split> createSplits(int parallelism) {
        return sequence.createSplits(parallelism);
    }

    @Override
    public SourceReader<Long, FailingSequenceSource.Split> createReader(SourceReaderContext context) {
        SourceReader<Long, FailingSequenceSource.Split> reader = sequence.createReader(context);
        Observations observations = observations();
        int subtask = context.subtaskIndex();
        return new SourceReader<>() {
            private long emitted;

            @Override
            public void addSplits(List<FailingSequenceSource.Split> splits) {
                reader.addSplits(splits);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
                InputStatus status = reader.pollNext(output);
                if (status == InputStatus.MORE_AVAILABLE) { // the sequence emits one record exactly then
                    emitted++;
                    if (emitted % 256 == 0) {
                        observations.emitted(subtask, emitted);
                    }
                } else if (status == InputStatus.END_OF_INPUT) {
                    observations.emitted(subtask, emitted);
                    observations.ended(subtask);
                }
                return status;
            }

            @Override
            public List<FailingSequenceSource.Split> snapshotState(long checkpointId) {
                observations.emitted(subtask, emitted);
                return reader.snapshotState(checkpointId);
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                reader.notifyCheckpointComplete(checkpointId);
                observations.completed(checkpointId);
            }

            @Override
            public void close() throws Exception {
                observations.emitted(subtask, emitted);
                reader.close();
            }
        };
    }

    @Override
    public TypeSerializer<FailingSequenceSource.Split> splitSerializer() {
        return sequence.splitSerializer();
    }
}
