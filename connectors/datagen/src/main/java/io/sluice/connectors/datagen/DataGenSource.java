package io.sluice.connectors.datagen;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.serialization.TypeSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A source that makes its elements from their index with a generator function: indices
 * {@code 0..count-1}, or without end. Immutable description, built on the job-building thread;
 * each subtask's reader runs on that subtask's worker thread.
 *
 * <pre>{@code
 * DataGenSource<String> source = DataGenSource.of(i -> "event-" + i, 1_000_000)
 *         .withRateLimit(10_000);            // events per second over all subtasks
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "events");
 * }</pre>
 *
 * <p>There is one split per subtask. Split {@code i} of {@code p} holds the indices {@code i, i+p,
 * i+2p, ...}, and its position is its next index, so a snapshot records exact positions and a
 * restored reader continues with no gap and no duplicate. The rate limit is shared evenly by the
 * splits; a reader ahead of its schedule returns {@code NOTHING_AVAILABLE}, never blocks. The
 * schedule of a split starts at its reader's first poll: index {@code k} is due
 * {@code k / eventsPerSecond} seconds later (after a restore, counted from the restored position).
 *
 * <p>Restored at another parallelism, the splits are re-divided exactly ({@link #redistributeSplits}):
 * finished splits are dropped, and a split of stride {@code s} at index {@code n} may be cut into
 * {@code k} splits of stride {@code k * s} starting at {@code n, n + s, ..., n + (k - 1) * s}, so that
 * every new subtask gets splits as long as at least that many indices are left, and the subtasks get
 * even shares. Scaling down deals several splits to a subtask (cut when that evens the deal). The
 * rate limit stays the total over all subtasks: a split of stride {@code s} emits
 * {@code eventsPerSecond / s} elements per second, whichever subtask reads it, and the shares of all
 * splits add up to the limit; each split's schedule starts again at its reader's first poll. Every
 * split, cut or not, keeps its own split output, so watermarks stay per split.
 *
 * @param <T> the element type
 */
public final class DataGenSource<T> implements Source<T, DataGenSplit> {

    private static final long serialVersionUID = 1L;

    /** The count of an unbounded source: indices never end. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    /** The rate of a source without a rate limit. */
    public static final double UNLIMITED = Double.POSITIVE_INFINITY;

    private final ScheduledGeneratorFunction<T> generator;
    private final boolean generatorUsesTime;
    private final long count;
    private final double eventsPerSecond;
    private final boolean emitTimestamps;

    private DataGenSource(ScheduledGeneratorFunction<T> generator, boolean generatorUsesTime, long count,
                          double eventsPerSecond, boolean emitTimestamps) {
        this.generator = generator;
        this.generatorUsesTime = generatorUsesTime;
        this.count = count;
        this.eventsPerSecond = eventsPerSecond;
        this.emitTimestamps = emitTimestamps;
    }

    /**
     * The elements {@code generator(0) .. generator(count - 1)}, or without end if {@code count} is
     * {@link #UNBOUNDED}; no rate limit.
     */
    public static <T> DataGenSource<T> of(GeneratorFunction<T> generator, long count) {
        Objects.requireNonNull(generator, "generator");
        return new DataGenSource<>(new IndexOnly<>(generator), false, checkCount(count), UNLIMITED, false);
    }

    /** The elements {@code generator(0), generator(1), ...} without end; no rate limit. */
    public static <T> DataGenSource<T> unbounded(GeneratorFunction<T> generator) {
        return of(generator, UNBOUNDED);
    }

    /**
     * Like {@link #of}, with a generator that also receives each element's scheduled time (see
     * {@link ScheduledGeneratorFunction}).
     */
    public static <T> DataGenSource<T> ofScheduled(ScheduledGeneratorFunction<T> generator, long count) {
        Objects.requireNonNull(generator, "generator");
        return new DataGenSource<>(generator, true, checkCount(count), UNLIMITED, false);
    }

    /**
     * This source, emitting at most {@code eventsPerSecond} elements per second over all subtasks
     * together ({@code eventsPerSecond / parallelism} per subtask on a fresh start; after a restore
     * at another parallelism, each subtask's share of the splits); {@link #UNLIMITED} removes the limit.
     *
     * @throws IllegalArgumentException if the rate is not positive
     */
    public DataGenSource<T> withRateLimit(double eventsPerSecond) {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("eventsPerSecond must be > 0, got " + eventsPerSecond
                    + "; pass a positive rate, or DataGenSource.UNLIMITED (the default) for no limit");
        }
        return new DataGenSource<>(generator, generatorUsesTime, count, eventsPerSecond, emitTimestamps);
    }

    /**
     * This source, giving each element its scheduled time (see {@link ScheduledGeneratorFunction}) as
     * its event timestamp, for a {@code WatermarkStrategy} to use.
     */
    public DataGenSource<T> withScheduledTimestamps() {
        return new DataGenSource<>(generator, generatorUsesTime, count, eventsPerSecond, true);
    }

    /** The number of elements, or {@link #UNBOUNDED}. */
    public long count() {
        return count;
    }

    /** The rate limit over all subtasks, or {@link #UNLIMITED}. */
    public double eventsPerSecond() {
        return eventsPerSecond;
    }

    /** True when elements carry their scheduled time as timestamp. */
    public boolean emitsTimestamps() {
        return emitTimestamps;
    }

    @Override
    public Boundedness boundedness() {
        return count == UNBOUNDED ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    /** One split per subtask: split {@code i} holds the indices {@code i, i + parallelism, ...}. */
    @Override
    public List<DataGenSplit> createSplits(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1 to create datagen splits, got "
                    + parallelism);
        }
        List<DataGenSplit> splits = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            splits.add(new DataGenSplit(i, parallelism, Math.min(i, count), count));
        }
        return splits;
    }

    /**
     * Re-divides the splits of a snapshot taken at another parallelism, exactly: each unfinished
     * split (stride {@code s}, next index {@code n}) is kept, or cut into {@code k} splits of stride
     * {@code k * s} starting at {@code n, n + s, ..., n + (k - 1) * s} (leaving out those that would
     * start at or after the end); finished splits are dropped.
     * {@code k} is the same for every split (less only where the stride would pass
     * {@code Integer.MAX_VALUE}): the smallest that deals every subtask the same number of
     * splits, or at least four each; larger if splits near their end leave fewer than
     * {@code parallelism} splits, up to one split per index left. Split numbers stay unique: a
     * split's number is the residue of its indices modulo its stride. The rate limit stays the total
     * of the source: a split of stride {@code s} emits {@code eventsPerSecond / s} per second,
     * whichever subtask reads it, and the shares of all splits add up to the limit.
     *
     * @throws IllegalArgumentException if {@code parallelism} is below 1
     */
    @Override
    public List<DataGenSplit> redistributeSplits(List<DataGenSplit> restored, int parallelism) {
        return SplitRedivider.redivide(restored, parallelism);
    }

    @Override
    public SourceReader<T, DataGenSplit> createReader(SourceReaderContext context) {
        Objects.requireNonNull(context, "context");
        return new DataGenReader<>(generator, new RateSchedule(eventsPerSecond), emitTimestamps, generatorUsesTime,
                context);
    }

    @Override
    public TypeSerializer<DataGenSplit> splitSerializer() {
        return new DataGenSplitSerializer();
    }

    @Override
    public String toString() {
        return "DataGenSource(count=" + (count == UNBOUNDED ? "unbounded" : count)
                + ", eventsPerSecond=" + (eventsPerSecond == UNLIMITED ? "unlimited" : eventsPerSecond) + ")";
    }

    private static long checkCount(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count
                    + "; pass the number of elements to generate, or DataGenSource.UNBOUNDED for no end");
        }
        return count;
    }

    /** Adapts a {@link GeneratorFunction}, which ignores the scheduled time. */
    private static final class IndexOnly<T> implements ScheduledGeneratorFunction<T> {
        private static final long serialVersionUID = 1L;

        private final GeneratorFunction<T> generator;

        IndexOnly(GeneratorFunction<T> generator) {
            this.generator = generator;
        }

        @Override
        public T generate(long index, long scheduledTimeMs) throws Exception {
            return generator.generate(index);
        }
    }
}
