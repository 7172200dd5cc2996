package io.sluice.runtime.operators.window;

import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.VoidNamespace;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Event-time session windows with an incremental aggregate (reduce or aggregate, maybe with a
 * window function; the standard trigger, no allowed lateness or evictor), kept per key as one
 * compact record of its open sessions (start, end, accumulator: {@link SessionLayout}). An element
 * extends the session it falls into, merges the sessions it bridges, or opens a new one.
 *
 * <p>A key keeps one timer for all its sessions, not one per session: the invariant is that a key
 * with open sessions has a timer at or before the earliest of their ends. Extending or merging
 * sessions only moves ends later, so it keeps the invariant without touching timers; a new session
 * registers a timer only when it ends before every other session of the key. When a key's timer
 * fires, every session of the key the watermark has passed fires and is dropped, and one timer is
 * registered at the earliest end of those left. So a key costs about one timer per watermark that
 * fires some of its sessions, however many sessions it opens and however far they grow; timers of
 * an earlier layout (one per session, which satisfies the invariant too) keep working after a
 * restore.
 *
 * <p>Between two watermarks, elements fold on the heap first ({@link SessionFolds}): per key, the
 * sessions they make since the last drain, merged by the same rule. Before every watermark and
 * every checkpoint (and when the table is full) each key's record is read once, those sessions are
 * merged into its sessions as their elements would have been, and the record is written back once:
 * an element costs a heap lookup, and a key's accumulators are read and written once per drain
 * rather than once per element. Where keys rarely repeat and the folds are bypassed, elements are
 * held a few at a time ({@link RecordLookahead}) so their records are read together. An element
 * that may be late (the watermark passed its session's end) goes straight to the record, one
 * probe, where lateness is decided as before. Results equal
 * {@link WindowOperator}'s for the same sessions (checked against the same brute-force oracle).
 */
public final class SessionWindowOperator<K, IN, OUT> extends RecordWindowOperator<K, IN, OUT, VoidNamespace> {

    /** The keyed state the sessions are kept in. */
    public static final String SESSIONS = "__window-sessions";

    private final long gap;
    private final String assignerName;
    private final UnsafeBuffer record = new UnsafeBuffer(0, 0);
    private final SessionList.Combine combineAccumulators = this::combine;
    @SuppressWarnings("unchecked")
    private final SessionFolds folds = new SessionFolds((accumulator, element) -> add(accumulator, (IN) element),
            combineAccumulators);
    private final SessionFolds.Drain writeFolds = this::writeFolds;
    /** A key's sessions while its record is rewritten with those drained from {@link #folds}. */
    private final SessionList merged = new SessionList();
    /** The rewritten record's bytes, before they are copied into the record. */
    private final ExpandableArrayBuffer image = new ExpandableArrayBuffer(256);
    /**
     * Room asked for when a record is opened: one session with the last accumulator's size. Every
     * existing record has that much, so opening never moves one; a record grows (by half) only when
     * a session is appended to a full one.
     */
    private int oneSession = SessionLayout.FIRST + SessionLayout.HEADER + 16;

    public SessionWindowOperator(OperatorSpec.KeyedWindow<K, IN, TimeWindow> spec) {
        super(spec);
        this.gap = ((EventTimeSessionWindows<?>) spec.assigner()).gapMillis();
        this.assignerName = spec.assigner().toString();
    }

    /** Whether {@code spec} is a window this operator computes. */
    public static boolean supports(OperatorSpec.KeyedWindow<?, ?, ?> spec) {
        return spec.assigner() instanceof EventTimeSessionWindows<?> && incrementalWithDefaultTrigger(spec);
    }

    @Override
    protected TypeSerializer<VoidNamespace> timerNamespaceSerializer() {
        return null; // timers scoped to the key: sessions are found in its record
    }

    @Override
    protected String mergingAssigner() {
        return assignerName;
    }

    @Override
    public void open() throws Exception {
        openRecords(SESSIONS, WindowOperator.CONTENTS);
        super.open();
    }

    // ---- elements ------------------------------------------------------------------------------

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        requireTimestamp(timestamp);
        long end = sessionEnd(timestamp);
        Object key = keys.checkedKeyOf(value);
        // on the heap until the next watermark or checkpoint, unless it may be late: only the
        // sessions of the state and of the heap together say whether it is
        boolean mayBeLate = end - 1 <= timers.currentWatermark();
        if (key != null && (!mayBeLate || folds.touches(key, timestamp, end)) && !folds.bypassing()) {
            folds.add(key, timestamp, end, value);
            if (folds.isFull()) {
                writeHeld();
            }
            return;
        }
        if (key != null && !mayBeLate) { // keys rarely repeat: held a few at a time so their records are read together
            hold(key, keys.keyGroupOf(key), value, timestamp);
            return;
        }
        applyHeldElements(); // an element judged against the record finds there every element that came before it
        keys.setCurrentKey(key); // a null key fails here, with its message
        merge(timestamp, end, value);
    }

    /** Merges one held element into its key's record. */
    @Override
    @SuppressWarnings("unchecked")
    protected void applyHeld(Object key, int keyGroup, Object element, long timestamp) throws Exception {
        keys.setCurrentKey(key, keyGroup);
        merge(timestamp, sessionEnd(timestamp), (IN) element);
    }

    /** The end of an element's own session: its timestamp plus the gap, saturated. */
    private long sessionEnd(long timestamp) {
        return timestamp + gap >= timestamp ? timestamp + gap : Long.MAX_VALUE;
    }

    /**
     * Merges one key's sessions from {@link #folds} into its record in one edit: the record's
     * sessions are read once, the drained ones merged into them on the heap, and the record written
     * back whole; the key gets a timer when its earliest end moved earlier.
     */
    private void writeFolds(Object key, SessionList drained) throws Exception {
        keys.setCurrentKey(key);
        int length = records.edit(record, 0);
        int n = length == 0 ? 0 : SessionLayout.count(record);
        merged.clear();
        for (int i = 0, s = SessionLayout.FIRST; i < n; i++, s = SessionLayout.next(record, s)) {
            merged.addSession(SessionLayout.start(record, s), SessionLayout.end(record, s),
                    readAccumulator(record, SessionLayout.accumulatorOffset(s), SessionLayout.accumulatorLength(record, s)),
                    combineAccumulators); // sessions of a record never touch: each is only put in time order
        }
        long earliestBefore = merged.earliestEnd();
        for (int i = 0; i < drained.size(); i++) {
            merged.addSession(drained.start(i), drained.end(i), drained.accumulator(i), combineAccumulators);
        }
        int imageLength = SessionLayout.FIRST;
        for (int i = 0; i < merged.size(); i++) {
            int accLength = serialize(merged.accumulator(i));
            SessionLayout.putHeader(image, imageLength, merged.start(i), merged.end(i), accLength);
            image.putBytes(SessionLayout.accumulatorOffset(imageLength), serialized(), 0, accLength);
            imageLength = SessionLayout.accumulatorOffset(imageLength) + accLength;
        }
        SessionLayout.setCount(image, merged.size());
        if (record.capacity() < imageLength) {
            records.commit(length);
            records.edit(record, imageLength + (imageLength >> 1));
        }
        record.putBytes(0, image, 0, imageLength);
        records.commit(imageLength);
        long earliest = merged.earliestEnd();
        if (earliest < earliestBefore) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, earliest - 1);
        }
        merged.clear();
    }

    /** Writes what {@link #folds} holds into the keyed state. */
    @Override
    protected void drainFolds() throws Exception {
        folds.drain(writeFolds);
    }

    /**
     * Merges an element of the current key, whose own session is {@code [start, end)}, into the
     * key's record, in place where it can; drops it as late when it touches no session and the
     * watermark passed its end.
     */
    private void merge(long start, long end, IN value) throws Exception {
        int length = records.edit(record, oneSession);
        // the sessions the new window [start, end) touches merge with it (TimeWindow.intersects)
        Object accumulator = null;
        int n = length == 0 ? 0 : SessionLayout.count(record);
        int touched = 0;
        int only = -1;
        long earliestEnd = Long.MAX_VALUE;
        for (int i = 0, s = SessionLayout.FIRST; i < n; i++, s = SessionLayout.next(record, s)) {
            long sessionEnd = SessionLayout.end(record, s);
            earliestEnd = Math.min(earliestEnd, sessionEnd);
            if (SessionLayout.start(record, s) <= end && sessionEnd >= start) {
                touched++;
                only = s;
            }
        }
        if (touched == 0 && end - 1 <= timers.currentWatermark()) {
            records.commit(length); // a new record is removed again
            late(value, start);
            return;
        }
        if (touched == 1) { // the common case: the element extends one session, in place when its size stays
            long newStart = Math.min(start, SessionLayout.start(record, only));
            long newEnd = Math.max(end, SessionLayout.end(record, only));
            int oldLength = SessionLayout.accumulatorLength(record, only);
            int accLength = serialize(add(readAccumulator(record, SessionLayout.accumulatorOffset(only), oldLength),
                    value));
            if (accLength == oldLength) {
                SessionLayout.setBounds(record, only, newStart, newEnd);
                record.putBytes(SessionLayout.accumulatorOffset(only), serialized(), 0, accLength);
                records.commit(length);
                return;
            }
            length = SessionLayout.remove(record, length, only);
            append(length, newStart, newEnd, accLength);
            return;
        }
        // a new session, or one bridging several: fold them (in the order they are found) and append
        for (int i = 0, s = SessionLayout.FIRST; touched > 1 && i < n; ) {
            if (SessionLayout.start(record, s) <= end && SessionLayout.end(record, s) >= start) {
                accumulator = combine(accumulator, readAccumulator(record, SessionLayout.accumulatorOffset(s),
                        SessionLayout.accumulatorLength(record, s)));
                start = Math.min(start, SessionLayout.start(record, s));
                end = Math.max(end, SessionLayout.end(record, s));
                length = SessionLayout.remove(record, length, s);
                n--;
            } else {
                s = SessionLayout.next(record, s);
                i++;
            }
        }
        int accLength = serialize(add(accumulator, value));
        append(length, start, end, accLength);
        if (touched == 0 && end < earliestEnd) {
            // the key's new earliest end; any other new or merged session ends after a timer already there
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, end - 1);
        }
    }

    /** Appends a session with the accumulator in {@link #serialized} to the record of {@code length} bytes, and commits. */
    private void append(int length, long start, long end, int accLength) {
        int at = Math.max(length, SessionLayout.FIRST);
        int needed = at + SessionLayout.HEADER + accLength;
        if (record.capacity() < needed) {
            records.commit(length); // keep what changed (a new, empty record is removed), then ask for more room
            int kept = records.edit(record, needed + (needed >> 1));
            at = Math.max(kept, SessionLayout.FIRST);
            length = kept;
            needed = at + SessionLayout.HEADER + accLength;
        }
        if (length == 0) {
            SessionLayout.setCount(record, 0);
        }
        SessionLayout.putHeader(record, at, start, end, accLength);
        record.putBytes(SessionLayout.accumulatorOffset(at), serialized(), 0, accLength);
        SessionLayout.setCount(record, SessionLayout.count(record) + 1);
        records.commit(needed);
        oneSession = SessionLayout.FIRST + SessionLayout.HEADER + accLength;
    }

    // ---- firing --------------------------------------------------------------------------------

    @Override
    public void onEventTime(TimerEntry<VoidNamespace> timer) throws Exception {
        // every session the watermark has passed fires now (at the end of input that is all of them,
        // and no timer can be registered any more); the key's next timer goes to the earliest end left
        long watermark = timers.currentWatermark();
        int length = records.edit(record, 0);
        int n = length == 0 ? 0 : SessionLayout.count(record);
        long earliestEnd = Long.MAX_VALUE;
        int kept = 0;
        int keptEnd = SessionLayout.FIRST; // the sessions left are moved down over those fired, in one pass
        for (int i = 0, s = SessionLayout.FIRST; i < n; i++) {
            int next = SessionLayout.next(record, s);
            long end = SessionLayout.end(record, s);
            if (end - 1 <= watermark) {
                emit(readAccumulator(record, SessionLayout.accumulatorOffset(s), SessionLayout.accumulatorLength(record, s)),
                        SessionLayout.start(record, s), end);
            } else {
                earliestEnd = Math.min(earliestEnd, end);
                if (keptEnd != s) {
                    record.putBytes(keptEnd, record, s, next - s);
                }
                keptEnd += next - s;
                kept++;
            }
            s = next;
        }
        if (kept > 0) {
            SessionLayout.setCount(record, kept);
        }
        records.commit(kept == 0 ? 0 : keptEnd);
        if (earliestEnd != Long.MAX_VALUE) {
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, earliestEnd - 1);
        }
    }

    @Override
    public void onProcessingTime(TimerEntry<VoidNamespace> timer) {
        throw new IllegalStateException("event-time session windows of operator " + context.describe()
                + " have no processing-time timers");
    }
}
