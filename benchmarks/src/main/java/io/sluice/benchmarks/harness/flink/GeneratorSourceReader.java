package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.Generator;
import io.sluice.benchmarks.harness.RunClock;
import io.sluice.benchmarks.harness.BenchEvent;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Generates the events of the splits assigned to one source subtask (one split in every run of the
 * harness), a bounded batch per {@link #pollNext} call so the task's mailbox (checkpoints, timers)
 * gets its turn between batches.
 *
 * <p>Fixed-rate mode busy-polls: when no event is due it returns {@code MORE_AVAILABLE} without
 * emitting, like the Sluice generator, instead of parking on an availability future. Flink's
 * mailbox loop checks for mail before every call, so checkpoint triggers are not starved.
 */
final class GeneratorSourceReader implements SourceReader<BenchEvent, GeneratorSplit> {

    /** Most events emitted by one {@link #pollNext} call. */
    static final int BATCH = 256;

    private final long keys;
    /** Events per second in all, or 0 for as fast as possible. */
    private final long rate;
    private final Generator.Shape shape;
    private final List<Position> splits = new ArrayList<>(1);
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = new CompletableFuture<>();
    /** The run's shared schedule start, once the first poll found a split. */
    private long start;

    GeneratorSourceReader(long keys, long rate) {
        this(keys, rate, Generator.Shape.ASCENDING);
    }

    GeneratorSourceReader(long keys, long rate, Generator.Shape shape) {
        this.keys = keys;
        this.rate = rate;
        this.shape = shape;
    }

    /** The live position of one split. */
    private static final class Position {
        final int subtask;
        final int parallelism;
        final long total;
        final Generator.Sequence sequence;

        Position(GeneratorSplit split, long keys, Generator.Shape shape) {
            this.subtask = split.subtask();
            this.parallelism = split.parallelism();
            this.total = split.total();
            this.sequence = new Generator.Sequence(total, keys, subtask, parallelism, shape);
            if (split.emitted() > sequence.share()) {
                throw new IllegalArgumentException(split + " is past its share of " + sequence.share());
            }
            sequence.seek(split.emitted());
        }

        GeneratorSplit snapshot() {
            return new GeneratorSplit(subtask, parallelism, total, sequence.emitted());
        }
    }

    @Override
    public void start() {
    }

    @Override
    public InputStatus pollNext(ReaderOutput<BenchEvent> output) {
        splits.removeIf(p -> !p.sequence.hasNext());
        if (splits.isEmpty()) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return InputStatus.NOTHING_AVAILABLE;
        }
        if (start == 0) {
            start = RunClock.start(System.nanoTime());
        }
        if (rate == 0) {
            Generator.Sequence sequence = splits.get(0).sequence;
            for (int n = 0; n < BATCH && sequence.hasNext(); n++) {
                output.collect(sequence.next());
            }
        } else {
            long now = System.nanoTime();
            for (int k = 0; k < splits.size(); k++) {
                Generator.Sequence sequence = splits.get(k).sequence;
                for (int n = 0; n < BATCH && sequence.hasNext(); n++) {
                    long intended = Generator.intendedNanos(start, sequence.nextIndex(), rate);
                    if (intended > now) {
                        break;
                    }
                    output.collect(sequence.nextFixedRate(intended));
                }
            }
        }
        return InputStatus.MORE_AVAILABLE; // also when nothing was due: busy poll
    }

    @Override
    public List<GeneratorSplit> snapshotState(long checkpointId) {
        List<GeneratorSplit> state = new ArrayList<>(splits.size());
        for (Position p : splits) {
            state.add(p.snapshot());
        }
        FlinkRunStats.snapshotTaken();
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        FlinkRunStats.checkpointCompleted(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<GeneratorSplit> added) {
        for (GeneratorSplit split : added) {
            splits.add(new Position(split, keys, shape));
        }
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() {
    }
}
