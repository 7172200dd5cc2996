package io.sluice.connectors.datagen;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/**
 * Emits {@link RateEvent}s at a fixed number of rows per second, the equivalent of Spark's
 * {@code readStream.format("rate")}: values {@code 0, 1, 2, ...} over all subtasks, each row
 * stamped with its scheduled time, which is also its event timestamp. Immutable description; the
 * readers run on the subtasks' worker threads.
 *
 * <pre>{@code
 * env.fromSource(RateSource.of(1000).limit(60_000), WatermarkStrategy.forMonotonousTimestamps(), "rate")
 * }</pre>
 *
 * <p>Built on {@link DataGenSource}: the rate is shared evenly by the subtasks, a reader ahead of its
 * schedule never blocks, and snapshots restore without gap or duplicate, at another parallelism too
 * (the rows left are re-divided over the new subtasks, at the same total rate). Timestamps never
 * decrease within a split, so {@code forMonotonousTimestamps()} fits.
 */
public final class RateSource implements Source<RateEvent, DataGenSplit> {

    private static final long serialVersionUID = 1L;

    private final long rowsPerSecond;
    private final DataGenSource<RateEvent> rows;

    private RateSource(long rowsPerSecond, long totalRows) {
        this.rowsPerSecond = rowsPerSecond;
        this.rows = DataGenSource.ofScheduled(RateSource::row, totalRows)
                .withRateLimit(rowsPerSecond)
                .withScheduledTimestamps();
    }

    /**
     * An unbounded source of {@code rowsPerSecond} rows per second over all subtasks.
     *
     * @throws IllegalArgumentException if {@code rowsPerSecond} is not positive
     */
    public static RateSource of(long rowsPerSecond) {
        if (rowsPerSecond <= 0) {
            throw new IllegalArgumentException("rowsPerSecond must be > 0, got " + rowsPerSecond
                    + "; pass the number of rows to emit each second, e.g. RateSource.of(100)");
        }
        return new RateSource(rowsPerSecond, DataGenSource.UNBOUNDED);
    }

    /**
     * This source, bounded to the rows with values {@code 0..totalRows-1}: the job ends after
     * about {@code totalRows / rowsPerSecond} seconds.
     *
     * @throws IllegalArgumentException if {@code totalRows} is negative
     */
    public RateSource limit(long totalRows) {
        if (totalRows < 0) {
            throw new IllegalArgumentException("totalRows must be >= 0, got " + totalRows
                    + "; pass the number of rows after which the source ends, or do not call limit() for no end");
        }
        return new RateSource(rowsPerSecond, totalRows);
    }

    public long rowsPerSecond() {
        return rowsPerSecond;
    }

    /** The number of rows, or {@link DataGenSource#UNBOUNDED}. */
    public long totalRows() {
        return rows.count();
    }

    @Override
    public Boundedness boundedness() {
        return rows.boundedness();
    }

    @Override
    public List<DataGenSplit> createSplits(int parallelism) {
        return rows.createSplits(parallelism);
    }

    @Override
    public List<DataGenSplit> redistributeSplits(List<DataGenSplit> restored, int parallelism) {
        return rows.redistributeSplits(restored, parallelism);
    }

    @Override
    public SourceReader<RateEvent, DataGenSplit> createReader(SourceReaderContext context) {
        return rows.createReader(context);
    }

    @Override
    public TypeSerializer<DataGenSplit> splitSerializer() {
        return rows.splitSerializer();
    }

    @Override
    public String toString() {
        return "RateSource(rowsPerSecond=" + rowsPerSecond + ", totalRows="
                + (totalRows() == DataGenSource.UNBOUNDED ? "unbounded" : totalRows()) + ")";
    }

    private static RateEvent row(long index, long scheduledTimeMs) {
        return new RateEvent(scheduledTimeMs, index);
    }
}
