package io.sluice.connectors.datagen;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link DataGenSplit}s of one subtask. Called only from that subtask's worker thread.
 *
 * <p>Never blocks or sleeps: when the rate limit says no index is due yet, {@link #pollNext}
 * returns {@link InputStatus#NOTHING_AVAILABLE} and the runtime asks again later. Each call emits at
 * most one element, taking the splits in turn. A reader that fell behind its schedule (back-pressure,
 * a slow worker) catches up as fast as it is polled; element timestamps still follow the schedule.
 *
 * <p>Assumes the runtime passes the same {@link ReaderOutput} to every call, as the per-split
 * outputs are taken from it once per split. A finished split is released from the output and left
 * out of snapshots. A reader with no unfinished split ends at once, unbounded source or not: that
 * happens only to a reader given no split (a restore onto more subtasks than there are indices left,
 * see {@link DataGenSource#redistributeSplits}).
 */
final class DataGenReader<T> implements SourceReader<T, DataGenSplit> {

    private final ScheduledGeneratorFunction<T> generator;
    private final RateSchedule schedule;
    private final boolean emitTimestamps;
    private final SourceReaderContext context;
    private final boolean needsClock;

    /** Splits added but not yet registered with the output (their anchor is the first poll). */
    private final List<SplitCursor<T>> pending = new ArrayList<>();
    /** Splits being read, none finished. */
    private final List<SplitCursor<T>> active = new ArrayList<>();
    /** Index in {@link #active} of the split to try first at the next poll. */
    private int turn;

    DataGenReader(ScheduledGeneratorFunction<T> generator, RateSchedule schedule, boolean emitTimestamps,
                  boolean generatorUsesTime, SourceReaderContext context) {
        this.generator = generator;
        this.schedule = schedule;
        this.emitTimestamps = emitTimestamps;
        this.context = context;
        this.needsClock = schedule.isLimited() || emitTimestamps || generatorUsesTime;
    }

    @Override
    public void addSplits(List<DataGenSplit> splits) {
        for (DataGenSplit split : splits) {
            pending.add(new SplitCursor<>(split));
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        long nowMs = needsClock ? context.currentProcessingTime() : 0L;
        if (!pending.isEmpty()) {
            startPending(output, nowMs);
        }
        int n = active.size();
        if (n == 0) {
            return InputStatus.END_OF_INPUT;
        }
        for (int i = 0; i < n; i++) {
            int at = (turn + i) % n;
            SplitCursor<T> cursor = active.get(at);
            long scheduledMs = schedule.isLimited() ? cursor.scheduledTimeMs(schedule) : nowMs;
            if (scheduledMs > nowMs) {
                continue;
            }
            emit(cursor, scheduledMs);
            if (cursor.isFinished()) {
                output.releaseSplit(cursor.splitId());
                active.remove(at);
                turn = active.isEmpty() ? 0 : at % active.size();
            } else {
                turn = (at + 1) % n;
            }
            return InputStatus.MORE_AVAILABLE;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void emit(SplitCursor<T> cursor, long scheduledMs) throws Exception {
        T element = generator.generate(cursor.next(), scheduledMs);
        if (emitTimestamps) {
            cursor.output().collect(element, scheduledMs);
        } else {
            cursor.output().collect(element);
        }
        cursor.advance();
    }

    private void startPending(ReaderOutput<T> output, long nowMs) {
        for (SplitCursor<T> cursor : pending) {
            if (cursor.isFinished()) {
                continue;
            }
            cursor.start(output.forSplit(cursor.splitId()), nowMs);
            active.add(cursor);
        }
        pending.clear();
    }

    @Override
    public List<DataGenSplit> snapshotState(long checkpointId) {
        List<DataGenSplit> splits = new ArrayList<>(active.size() + pending.size());
        for (SplitCursor<T> cursor : active) {
            splits.add(cursor.snapshot());
        }
        for (SplitCursor<T> cursor : pending) {
            splits.add(cursor.snapshot());
        }
        return splits;
    }
}
