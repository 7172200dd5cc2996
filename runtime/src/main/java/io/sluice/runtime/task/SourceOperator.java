package io.sluice.runtime.task;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.time.TimestampAssigner;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.operators.ConnectorContext;
import io.sluice.runtime.operators.StreamOperator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The head of a source task: polls the reader and applies the watermark strategy per split (each
 * split has its own generator and idleness; the source's watermark is the minimum over its active
 * splits). At the end of a bounded input it emits the final watermark {@code Long.MAX_VALUE}.
 * Task thread only.
 */
final class SourceOperator<T, S extends SourceSplit> extends StreamOperator<Void, T> implements ReaderOutput<T> {

    private final Source<T, S> source;
    private List<S> assignedSplits;
    private final WatermarkStrategy<T> strategy;
    private SourceReader<T, S> reader;
    private TimestampAssigner<T> assigner;
    private long idleTimeoutMs;

    /** Per-split event time; the reader's split-less output is the split with id {@code null}. */
    private final Map<String, SplitTime> splits = new HashMap<>();
    private final List<SplitTime> splitList = new ArrayList<>();
    private SplitTime defaultSplit;
    private long emitted = Long.MIN_VALUE;
    private long openedMs;
    private boolean idle;
    /** Bad records the reader dropped (SKIP). */
    private long badRecords;

    SourceOperator(Source<T, S> source, List<S> assignedSplits, WatermarkStrategy<T> strategy) {
        this.source = source;
        this.assignedSplits = assignedSplits;
        this.strategy = strategy;
    }

    /** The event time of one split. */
    private final class SplitTime implements WatermarkOutput, SplitOutput<T> {
        final WatermarkGenerator<T> generator = strategy.createWatermarkGenerator();
        long watermark = Long.MIN_VALUE;
        long lastEventMs;
        /** Whether an element came since the last periodic step, which turns it into {@link #lastEventMs}. */
        boolean sawElements;
        boolean splitIdle;
        boolean released;

        @Override
        public void emitWatermark(long timestamp) {
            if (timestamp > watermark) {
                watermark = timestamp;
            }
            splitIdle = false;
        }

        @Override
        public void markIdle() {
            splitIdle = true;
            sawElements = false; // marked idle after its last element: idle it stays
        }

        @Override
        public void markActive() {
            splitIdle = false;
        }

        // each collect calls emitRecord itself: one call less between a reader and the chain helps
        // the JIT inline the whole chain into the reader's loop
        @Override
        public void collect(T element) {
            emitRecord(this, element, TimestampAssigner.NO_TIMESTAMP);
        }

        @Override
        public void collect(T element, long timestamp) {
            emitRecord(this, element, timestamp);
        }
    }

    @Override
    public void open() throws Exception {
        assigner = strategy.timestampAssigner();
        idleTimeoutMs = strategy.idleTimeout() == null ? Long.MAX_VALUE : strategy.idleTimeout().toMillis();
        reader = source.createReader(new ConnectorContext(context));
        reader.addSplits(assignedSplits);
        openedMs = context.currentProcessingTime();
    }

    /** Splits discovered while the job runs, handed to the reader. Task thread. */
    void addDiscoveredSplits(List<S> discovered) {
        reader.addSplits(discovered);
    }

    /** The open reader; the task polls it itself with this operator as its output. */
    SourceReader<T, S> reader() {
        return reader;
    }

    @Override
    public void processElement(Void value, long timestamp) {
        throw new IllegalStateException("a source has no input");
    }

    // ---- ReaderOutput --------------------------------------------------------------------------

    @Override
    public void collect(T element) {
        emitRecord(defaultSplit(), element, TimestampAssigner.NO_TIMESTAMP);
    }

    @Override
    public void collect(T element, long timestamp) {
        emitRecord(defaultSplit(), element, timestamp);
    }

    private SplitTime defaultSplit() {
        SplitTime split = defaultSplit;
        return split != null ? split : (defaultSplit = register(null));
    }

    @Override
    public SplitOutput<T> forSplit(String splitId) {
        SplitTime split = splits.get(splitId);
        if (split == null) {
            split = register(splitId);
        }
        return split;
    }

    @Override
    public void deadLetter(io.sluice.api.connector.format.DeadLetter letter) {
        // not counted here: the side output carries it (and counts it as dropped if nothing reads it)
        try {
            output.collect(io.sluice.api.connector.format.DeadLetter.TAG, letter, Long.MIN_VALUE);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new io.sluice.runtime.operators.TimestampedCollector.DownstreamException(e);
        }
    }

    @Override
    public void skippedBadRecord() {
        badRecords++;
    }

    @Override
    public long recordsDropped() {
        return badRecords;
    }

    @Override
    public void releaseSplit(String splitId) {
        SplitTime split = splits.remove(splitId);
        if (split != null) {
            split.released = true;
            splitList.remove(split);
        }
    }

    private SplitTime register(String splitId) {
        SplitTime split = new SplitTime();
        split.lastEventMs = context.currentProcessingTime();
        splits.put(splitId, split);
        splitList.add(split);
        return split;
    }

    private void emitRecord(SplitTime split, T element, long sourceTimestamp) {
        long ts = assigner.extractTimestamp(element, sourceTimestamp);
        split.sawElements = true;
        try {
            output.collect(element, ts);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new io.sluice.runtime.operators.TimestampedCollector.DownstreamException(e);
        }
        split.generator.onEvent(element, ts, split);
    }

    // ---- event time ----------------------------------------------------------------------------

    @Override
    public void onPeriodic(long nowMs) {
        long min = Long.MAX_VALUE;
        boolean anyActive = false;
        for (int i = 0; i < splitList.size(); i++) {
            SplitTime split = splitList.get(i);
            if (split.sawElements) {
                split.sawElements = false;
                split.lastEventMs = nowMs;
                split.splitIdle = false;
            }
            split.generator.onPeriodicEmit(split);
            if (nowMs - split.lastEventMs >= idleTimeoutMs) {
                split.splitIdle = true;
            }
            if (!split.splitIdle) {
                anyActive = true;
                min = Math.min(min, split.watermark);
            }
        }
        if (!anyActive) {
            // Idle: every split went quiet, or this reader has had nothing at all to read (no
            // split assigned, or silent since it opened) for the idleness timeout.
            boolean quiet = !splitList.isEmpty()
                    || assignedSplits.isEmpty() || nowMs - openedMs >= idleTimeoutMs;
            if (quiet && !idle) {
                idle = true;
                context.watermarkEmitter().emitIdle();
            }
            return;
        }
        if (idle) {
            idle = false;
            context.watermarkEmitter().emitActive();
        }
        if (min > emitted && min != Long.MIN_VALUE) {
            emitted = min;
            currentWatermark = min;
            context.watermarkEmitter().emitWatermark(min);
        }
    }

    /** The final watermark of a finished bounded source; false if it had been sent already. */
    boolean emitFinalWatermark() {
        if (emitted == Long.MAX_VALUE) {
            return false;
        }
        if (idle) {
            idle = false;
            context.watermarkEmitter().emitActive();
        }
        emitted = Long.MAX_VALUE;
        currentWatermark = Long.MAX_VALUE;
        context.watermarkEmitter().emitWatermark(Long.MAX_VALUE);
        return true;
    }

    /** Each split with its position, one item per split. */
    @Override
    public List<byte[]> snapshotState(long checkpointId) throws Exception {
        List<byte[]> items = new ArrayList<>();
        for (S split : reader.snapshotState(checkpointId)) {
            items.add(io.sluice.runtime.checkpoint.StateItems.write(source.splitSerializer(), split));
        }
        return items;
    }

    /** Restored splits replace the ones the source would assign on a fresh start. */
    @Override
    public void initializeState(List<byte[]> items) throws Exception {
        List<S> restored = new ArrayList<>();
        for (byte[] item : items) {
            restored.add(io.sluice.runtime.checkpoint.StateItems.read(source.splitSerializer(), item,
                    "a split of source '" + context.operatorName() + "'"));
        }
        assignedSplits = restored;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (reader != null) {
            reader.close();
        }
    }
}
