package io.sluice.connectors.datagen;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceSplit;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives readers of a source the way the runtime would, on the test thread: split {@code i} goes
 * to subtask {@code i % parallelism}, and each reader is polled by hand.
 */
final class ReaderDriver<T, S extends SourceSplit> {

    final List<SourceReader<T, S>> readers = new ArrayList<>();
    final List<ManualClockReaderContext> contexts = new ArrayList<>();
    final List<RecordingReaderOutput<T>> outputs = new ArrayList<>();

    ReaderDriver(Source<T, S> source, List<S> splits, int parallelism, long startMs) throws Exception {
        for (int subtask = 0; subtask < parallelism; subtask++) {
            ManualClockReaderContext context = new ManualClockReaderContext(subtask, parallelism, startMs);
            SourceReader<T, S> reader = source.createReader(context);
            List<S> mine = new ArrayList<>();
            for (int i = subtask; i < splits.size(); i += parallelism) {
                mine.add(splits.get(i));
            }
            reader.addSplits(mine);
            readers.add(reader);
            contexts.add(context);
            outputs.add(new RecordingReaderOutput<>());
        }
    }

    static <T, S extends SourceSplit> ReaderDriver<T, S> fresh(Source<T, S> source, int parallelism, long startMs)
            throws Exception {
        return new ReaderDriver<>(source, source.createSplits(parallelism), parallelism, startMs);
    }

    InputStatus poll(int subtask) throws Exception {
        return readers.get(subtask).pollNext(outputs.get(subtask));
    }

    /** Polls one reader until it ends; fails if it asks to wait or never ends. */
    void drain(int subtask, int maxPolls) throws Exception {
        for (int i = 0; i < maxPolls; i++) {
            InputStatus status = poll(subtask);
            if (status == InputStatus.END_OF_INPUT) {
                return;
            }
            if (status != InputStatus.MORE_AVAILABLE) {
                throw new AssertionError("subtask " + subtask + " returned " + status + " without a rate limit");
            }
        }
        throw new AssertionError("subtask " + subtask + " did not end within " + maxPolls + " polls");
    }

    /**
     * Polls one reader until it ends, moving its clock 1 ms forward whenever it has nothing due, as
     * a runtime polling in a loop would see time pass.
     */
    void drainAdvancingClock(int subtask, int maxPolls) throws Exception {
        for (int i = 0; i < maxPolls; i++) {
            InputStatus status = poll(subtask);
            if (status == InputStatus.END_OF_INPUT) {
                return;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                contexts.get(subtask).advanceMs(1);
            }
        }
        throw new AssertionError("subtask " + subtask + " did not end within " + maxPolls + " polls");
    }

    void drainAllAdvancingClock(int maxPollsEach) throws Exception {
        for (int s = 0; s < readers.size(); s++) {
            drainAdvancingClock(s, maxPollsEach);
        }
    }

    /**
     * Runs every reader from its clock's current time to {@code untilMs} in 1 ms steps, taking at
     * each step everything that is due.
     */
    void runUntil(long untilMs) throws Exception {
        for (int s = 0; s < readers.size(); s++) {
            ManualClockReaderContext clock = contexts.get(s);
            while (true) {
                while (poll(s) == InputStatus.MORE_AVAILABLE) {
                    // take everything due now
                }
                if (clock.currentProcessingTime() >= untilMs) {
                    break;
                }
                clock.advanceMs(1);
            }
        }
    }

    void drainAll(int maxPollsEach) throws Exception {
        for (int s = 0; s < readers.size(); s++) {
            drain(s, maxPollsEach);
        }
    }

    /** Every element emitted by every reader, subtask by subtask. */
    List<T> allElements() {
        List<T> all = new ArrayList<>();
        for (RecordingReaderOutput<T> out : outputs) {
            all.addAll(out.elements());
        }
        return all;
    }

    /** Every reader's snapshot, concatenated. */
    List<S> snapshotAll(long checkpointId) {
        List<S> splits = new ArrayList<>();
        for (SourceReader<T, S> reader : readers) {
            splits.addAll(reader.snapshotState(checkpointId));
        }
        return splits;
    }
}
