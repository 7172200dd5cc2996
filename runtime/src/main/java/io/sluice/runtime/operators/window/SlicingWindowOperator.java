package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.AlignedWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.operators.KeyedTimerOperator;
import io.sluice.runtime.operators.TimestampedCollector;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.InternalRecordState;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateBackend;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Tumbling and sliding event-time windows with an incremental aggregate (reduce or aggregate,
 * maybe with a window function; the standard event-time trigger, no allowed lateness or evictor):
 * the common window, kept in slices. The time axis is cut into slices of {@code gcd(size, slide)}, each element folds
 * into the one slice it falls in, and a window's result combines the slices it spans (one per
 * window for tumbling windows, {@code size / slide} for sliding ones), so an element costs one
 * update whatever the overlap.
 *
 * <p>Each key keeps all its open slices in one record ({@link InternalRecordState}, {@link SliceLayout}):
 * an element is one hash probe and an in-place rewrite of one accumulator. Windows fire by key
 * group, not by key: a key group holds one event-time timer per window end its keys need, under
 * the key of the element that first needed it, and firing walks the group's records, emitting each
 * key's result and dropping slices no later window spans. Timers and records are ordinary keyed
 * state, so checkpoints, restores and rescaling carry them as they do any state. Results are the
 * same as {@link WindowOperator}'s for the same windows (checked against the same brute-force
 * oracles), emitted in a different order within one window end.
 *
 * <p>Its input may carry {@link WindowPartial}s instead of records, folded per key and slice by a
 * {@link WindowCombiner} before the keyBy: each is folded into its slice as a record is, with the
 * reduce (or the aggregate's merge) that combines slices.
 */
public final class SlicingWindowOperator<K, IN, OUT> extends RecordWindowOperator<K, IN, OUT, TimeWindow> {

    /** The keyed state the slices are kept in. */
    public static final String SLICES = "__window-slices";
    private static final long NONE = Long.MIN_VALUE;

    private final long size;
    private final long slide;
    private final long offset;
    private final long sliceMs;

    private KeyGroupRange range;
    /** Per key group: the window ends whose timers this run registered, {@code [registeredFrom, registeredTo]}. */
    private long[] registeredFrom;
    private long[] registeredTo;
    /** Per key group: the last window end fired, so a second timer for the same end (after a restore) fires nothing. */
    private long[] firedTo;

    private final UnsafeBuffer record = new UnsafeBuffer(0, 0);
    /**
     * Elements folded per key and slice on the heap since the last watermark or checkpoint: most
     * elements then cost a hash of their key instead of a state lookup and an accumulator read and
     * written back; the state sees one fold per key and slice.
     */
    private final SliceFolds folds = new SliceFolds();
    private final Fold foldElement = this::fold;
    private final SliceFolds.Drain<Exception> writeFold = this::writeFold;
    /** Room asked for when a record is opened: the largest record so far plus one more slice, so a new slice rarely needs a second probe. */
    private int roomHint = 64;
    private final FireVisitor fire = new FireVisitor();

    /**
     * The slice of the last element and the ends of the first and last window spanning it: computed
     * (three 64-bit divisions) only when an element falls into another slice, rarely in ordered input.
     */
    private long sliceStart = Long.MAX_VALUE;
    private long sliceEnd = Long.MIN_VALUE;
    private long firstEndOfSlice;
    private long lastEnd;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public SlicingWindowOperator(OperatorSpec.KeyedWindow<K, IN, TimeWindow> spec) {
        super(spec);
        AlignedWindows grid = (AlignedWindows) spec.assigner();
        this.size = grid.sizeMillis();
        this.slide = grid.slideMillis();
        this.offset = grid.offsetMillis();
        this.sliceMs = gcd(size, slide);
    }

    /**
     * Whether {@code spec} is a window this operator computes: event-time tumbling or sliding
     * windows, the standard trigger, a reduce or aggregate, no evictor or allowed lateness.
     */
    public static boolean supports(OperatorSpec.KeyedWindow<?, ?, ?> spec) {
        return spec.assigner() instanceof AlignedWindows && incrementalWithDefaultTrigger(spec);
    }

    static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    protected TypeSerializer<TimeWindow> timerNamespaceSerializer() {
        return TimeWindow.SERIALIZER;
    }

    @Override
    protected String mergingAssigner() {
        return null;
    }

    @Override
    public void open() throws Exception {
        openRecords(SLICES, WindowOperator.CONTENTS);
        range = context.keyedStateBackend().keyGroupRange();
        registeredFrom = new long[range.size()];
        registeredTo = new long[range.size()];
        firedTo = new long[range.size()];
        Arrays.fill(registeredFrom, NONE);
        Arrays.fill(registeredTo, NONE);
        Arrays.fill(firedTo, NONE);
        super.open();
    }

    // ---- elements ------------------------------------------------------------------------------

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        requireTimestamp(timestamp);
        if (timestamp < sliceStart || timestamp >= sliceEnd) {
            moveToSliceOf(timestamp);
        }
        long watermark = timers.currentWatermark();
        boolean partial = value instanceof WindowPartial;
        if (lastEnd - 1 <= watermark) { // every window of the element has fired
            if (partial) {
                late((WindowPartial) value);
            } else {
                late(value, timestamp);
            }
            return;
        }
        Object key = partial ? ((WindowPartial) value).key : keys.checkedKeyOf(value);
        if (key == null) {
            keys.setCurrentKey(null); // fails, with its message
        }
        if (!folds.bypassing()) { // on the heap until the next watermark or checkpoint
            folds.add(key, sliceEnd, timestamp, value, foldElement);
            if (folds.isFull()) {
                writeHeld();
            }
            return;
        }
        hold(key, partial ? ((WindowPartial) value).keyGroup : keys.keyGroupOf(key), value, timestamp);
    }

    /** Writes one held element into the state of its key and slice. */
    @Override
    protected void applyHeld(Object key, int keyGroup, Object element, long timestamp) throws Exception {
        keys.setCurrentKey(key, keyGroup);
        if (timestamp < sliceStart || timestamp >= sliceEnd) {
            moveToSliceOf(timestamp);
        }
        if (element instanceof WindowPartial p) { // records of one key and slice, folded before the keyBy (WindowCombiner)
            addToSlice(p.accumulator, false, sliceEnd);
        } else {
            addToSlice(element, true, sliceEnd);
        }
        requireTimersOfSlice(timers.currentWatermark());
    }

    /** Writes one entry of {@link #folds} into the state of its key and slice. */
    private void writeFold(Object key, long slice, long timestamp, Object accumulator, int elements) throws Exception {
        keys.setCurrentKey(key);
        if (timestamp < sliceStart || timestamp >= sliceEnd) {
            moveToSliceOf(timestamp);
        }
        addToSlice(accumulator, false, slice);
        requireTimersOfSlice(timers.currentWatermark());
    }

    /** Makes sure the windows of the current slice that the watermark has not passed have their timers. */
    private void requireTimersOfSlice(long watermark) {
        long firstEnd = firstEndOfSlice;
        if (firstEnd - 1 <= watermark) {
            firstEnd += ((watermark + 1 - firstEnd) / slide + 1) * slide;
        }
        requireTimers(firstEnd, lastEnd);
    }

    /** Writes what {@link #folds} holds into the keyed state, each entry as a partial of its key and slice. */
    @Override
    protected void drainFolds() throws Exception {
        folds.drain(writeFold);
    }

    private void moveToSliceOf(long timestamp) {
        sliceStart = TimeWindow.windowStart(timestamp, offset, sliceMs);
        sliceEnd = sliceStart + sliceMs;
        lastEnd = TimeWindow.windowStart(timestamp, offset, slide) + size;
        firstEndOfSlice = lastEnd - (lastEnd - sliceEnd) / slide * slide; // the first window end at or after the slice's
    }

    /**
     * Folds {@code element} into the current key's slice ending at {@code sliceEnd}, one probe: a
     * record added ({@code isRecord}), or an accumulator of records folded elsewhere combined.
     */
    @SuppressWarnings("unchecked")
    private void addToSlice(Object element, boolean isRecord, long sliceEnd) throws Exception {
        int length = records.edit(record, roomHint);
        int slice = SliceLayout.find(record, length, sliceEnd);
        Object existing = slice >= 0 ? readAccumulator(record, slice) : null;
        int accLength = serialize(isRecord ? add(existing, (IN) element) : combine(existing, element));
        if (slice >= 0 && accLength == SliceLayout.accumulatorLength(record, slice)) {
            record.putBytes(SliceLayout.accumulatorOffset(slice), serialized(), 0, accLength); // the common case
            records.commit(length);
            return;
        }
        if (slice >= 0) {
            length = SliceLayout.remove(record, length, slice);
        }
        int needed = Math.max(length, SliceLayout.FIRST_SLICE) + SliceLayout.SLICE_HEADER + accLength;
        if (record.capacity() < needed) {
            records.commit(length); // keep what changed, then ask for more room
            length = records.edit(record, needed);
        }
        if (length == 0) {
            SliceLayout.setCount(record, 0);
            length = SliceLayout.FIRST_SLICE;
        }
        SliceLayout.putSliceHeader(record, length, sliceEnd, accLength);
        record.putBytes(SliceLayout.accumulatorOffset(length), serialized(), 0, accLength);
        SliceLayout.setCount(record, SliceLayout.count(record) + 1);
        records.commit(needed);
        if (needed + SliceLayout.SLICE_HEADER + accLength > roomHint) {
            roomHint = Math.min(needed + SliceLayout.SLICE_HEADER + accLength, 1 << 16);
        }
    }

    private Object readAccumulator(DirectBuffer from, int slice) throws Exception {
        return readAccumulator(from, SliceLayout.accumulatorOffset(slice), SliceLayout.accumulatorLength(from, slice));
    }

    /**
     * Makes sure the current key's group has a timer for every window end in {@code [from, to]}; in
     * the common case the group registered them already and this is two comparisons.
     */
    private void requireTimers(long from, long to) {
        int g = keys.backend().currentKeyGroup() - range.start();
        long registeredLow = registeredFrom[g];
        long registeredHigh = registeredTo[g];
        if (registeredLow != NONE && from >= registeredLow && to <= registeredHigh) {
            return;
        }
        for (long end = from; end <= to; end += slide) {
            if (registeredLow == NONE || end < registeredLow || end > registeredHigh) {
                timers.registerEventTimeTimer(new TimeWindow(end - size, end), end - 1);
            }
        }
        boolean joins = registeredLow != NONE && to >= registeredLow - slide && from <= registeredHigh + slide;
        registeredFrom[g] = joins ? Math.min(from, registeredLow) : from;
        registeredTo[g] = joins ? Math.max(to, registeredHigh) : to;
    }

    // ---- firing --------------------------------------------------------------------------------

    @Override
    public void onEventTime(TimerEntry<TimeWindow> timer) throws Exception {
        long end = timer.namespace().end();
        int keyGroup = keys.backend().currentKeyGroup();
        int g = keyGroup - range.start();
        if (firedTo[g] != NONE && end <= firedTo[g]) {
            return; // another timer of this group fired this end already
        }
        firedTo[g] = end;
        fire.end = end;
        records.forEachRecord(keyGroup, hasWindowFunction(), fire);
    }

    @Override
    public void onProcessingTime(TimerEntry<TimeWindow> timer) {
        throw new IllegalStateException("event-time windows of operator " + context.describe()
                + " have no processing-time timers");
    }

    /** Emits each record's result for the window ending at {@link #end} and drops the slices no later window spans. */
    private final class FireVisitor implements InternalRecordState.RecordVisitor {
        long end;

        @Override
        public int visit(DirectBuffer record, int length, UnsafeBuffer replacement) throws Exception {
            long windowStart = end - size;
            long keepFrom = end + slide - size; // slices starting before this are in no later window
            Object result = null;
            int n = SliceLayout.count(record);
            int kept = 0;
            int keptLength = SliceLayout.FIRST_SLICE;
            for (int i = 0, slice = SliceLayout.FIRST_SLICE; i < n; i++, slice = SliceLayout.next(record, slice)) {
                long sliceEnd = SliceLayout.end(record, slice);
                if (sliceEnd > windowStart && sliceEnd <= end) {
                    result = combine(result, readAccumulator(record, slice));
                }
                if (sliceEnd - sliceMs >= keepFrom) {
                    int sliceLength = SliceLayout.next(record, slice) - slice;
                    replacement.putBytes(keptLength, record, slice, sliceLength);
                    keptLength += sliceLength;
                    kept++;
                }
            }
            if (result != null) {
                emit(result, windowStart, end);
            }
            if (kept == n) {
                return KEEP;
            }
            if (kept == 0) {
                return 0;
            }
            SliceLayout.setCount(replacement, kept);
            return keptLength;
        }
    }
}
