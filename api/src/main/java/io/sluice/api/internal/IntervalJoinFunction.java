package io.sluice.api.internal;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The interval join ({@code keyedA.intervalJoin(keyedB).between(lower, upper).process(f)}) as a
 * keyed two-input function: a left element at {@code t} meets every right element of its key at
 * {@code t + lower .. t + upper} (bounds inclusive here; exclusive ones are narrowed by one
 * millisecond when the join is built), whichever of the two arrives first.
 *
 * <p>Each side waits in keyed map state until the watermark reaches the last
 * time a partner could still arrive: {@code t + upper} for a left element, {@code t - lower} for a
 * right one. An event-time timer at that time removes it; an element whose time has already passed
 * is not kept at all. An element at or behind the watermark is late: it could miss partners already
 * removed, so it joins nothing and goes to the side's late-data output or, without one, is counted
 * as dropped.
 *
 * <p>The runtime reads {@link #outputTimestamp()} for everything this function emits (the larger
 * timestamp of a pair, a late element's own) and {@link #lateRecordsDropped()} for the operator's
 * dropped records. Task thread only.
 */
public final class IntervalJoinFunction<K, L, R, OUT> extends KeyedCoProcessFunction<K, L, R, OUT> {

    private static final long serialVersionUID = 1L;

    /** The names of the two buffers in keyed state (and its snapshots); each also has a "-times" state. */
    public static final String LEFT_BUFFER = "__interval-join-left";
    public static final String RIGHT_BUFFER = "__interval-join-right";

    /** Where an element waits: the {@code index}th of its side and key at {@code timestamp}. */
    public record Slot(long timestamp, int index) {
    }

    private final ProcessJoinFunction<L, R, OUT> function;
    private final long lowerBoundMs;
    private final long upperBoundMs;
    private final TypeSerializer<L> leftSerializer;
    private final TypeSerializer<R> rightSerializer;
    private final OutputTag<L> leftLateDataTag;
    private final OutputTag<R> rightLateDataTag;

    private transient Buffer<L> leftBuffer;
    private transient Buffer<R> rightBuffer;
    private transient String operatorName;
    private transient JoinContext joinContext;
    /** The two-input function's context of the current call, for the join context's side outputs. */
    private transient Context currentContext;
    private transient long outputTimestamp;
    private transient long lateRecordsDropped;

    /**
     * @param lowerBoundMs inclusive, at most {@code upperBoundMs}
     * @param upperBoundMs inclusive
     * @param leftLateDataTag where late left elements go, or null to drop and count them
     */
    public IntervalJoinFunction(ProcessJoinFunction<L, R, OUT> function, long lowerBoundMs, long upperBoundMs,
                                TypeSerializer<L> leftSerializer, TypeSerializer<R> rightSerializer,
                                OutputTag<L> leftLateDataTag, OutputTag<R> rightLateDataTag) {
        if (lowerBoundMs > upperBoundMs) {
            throw new IllegalArgumentException("interval join lower bound " + lowerBoundMs
                    + " ms is above its upper bound " + upperBoundMs + " ms (after exclusive bounds)");
        }
        this.function = function;
        this.lowerBoundMs = lowerBoundMs;
        this.upperBoundMs = upperBoundMs;
        this.leftSerializer = leftSerializer;
        this.rightSerializer = rightSerializer;
        this.leftLateDataTag = leftLateDataTag;
        this.rightLateDataTag = rightLateDataTag;
    }

    public ProcessJoinFunction<L, R, OUT> function() {
        return function;
    }

    /** The timestamp of what the function emits in the current call. */
    public long outputTimestamp() {
        return outputTimestamp;
    }

    /** Late elements without a late-data side output: dropped, and counted here. Plain field, read racily by metrics. */
    public long lateRecordsDropped() {
        return lateRecordsDropped;
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        operatorName = context.operatorName();
        leftBuffer = new Buffer<>(context, LEFT_BUFFER, leftSerializer);
        rightBuffer = new Buffer<>(context, RIGHT_BUFFER, rightSerializer);
        joinContext = new JoinContext();
        FunctionLifecycle.open(function, context);
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public void processElement1(L left, Context ctx, Collector<OUT> out) throws Exception {
        currentContext = ctx;
        long ts = timestampOf(ctx, "left");
        long watermark = ctx.timerService().currentWatermark();
        if (isLate(ts, watermark)) {
            late(ctx, leftLateDataTag, left, ts);
            return;
        }
        long from = saturatedAdd(ts, lowerBoundMs);
        long to = saturatedAdd(ts, upperBoundMs);
        for (Map.Entry<Long, Integer> e : rightBuffer.times.entries()) {
            long rightTs = e.getKey();
            if (rightTs >= from && rightTs <= to) {
                for (int i = 0, n = e.getValue(); i < n; i++) {
                    emit(left, rightBuffer.elements.get(new Slot(rightTs, i)), ts, rightTs, out);
                }
            }
        }
        keep(leftBuffer, left, ts, to, watermark, ctx);
    }

    @Override
    public void processElement2(R right, Context ctx, Collector<OUT> out) throws Exception {
        currentContext = ctx;
        long ts = timestampOf(ctx, "right");
        long watermark = ctx.timerService().currentWatermark();
        if (isLate(ts, watermark)) {
            late(ctx, rightLateDataTag, right, ts);
            return;
        }
        long from = saturatedAdd(ts, -upperBoundMs);
        long to = saturatedAdd(ts, -lowerBoundMs);
        for (Map.Entry<Long, Integer> e : leftBuffer.times.entries()) {
            long leftTs = e.getKey();
            if (leftTs >= from && leftTs <= to) {
                for (int i = 0, n = e.getValue(); i < n; i++) {
                    emit(leftBuffer.elements.get(new Slot(leftTs, i)), right, leftTs, ts, out);
                }
            }
        }
        keep(rightBuffer, right, ts, to, watermark, ctx);
    }

    /**
     * Timer {@code time} is the cleanup time of left elements at {@code time - upper} and of right
     * elements at {@code time + lower}: both go (one of them may not exist).
     */
    @Override
    public void onTimer(long time, OnTimerContext ctx, Collector<OUT> out) {
        if (time != Long.MAX_VALUE) { // saturated: those elements never go before the end of input
            leftBuffer.remove(time - upperBoundMs);
            rightBuffer.remove(time + lowerBoundMs);
        } else {
            removeSaturated();
        }
    }

    /** Elements whose cleanup time saturated at Long.MAX_VALUE: all whose partners' range reaches it. */
    private void removeSaturated() {
        List<Long> gone = new ArrayList<>();
        for (Long t : leftBuffer.times.keys()) {
            if (saturatedAdd(t, upperBoundMs) == Long.MAX_VALUE) {
                gone.add(t);
            }
        }
        gone.forEach(leftBuffer::remove);
        gone.clear();
        for (Long t : rightBuffer.times.keys()) {
            if (saturatedAdd(t, -lowerBoundMs) == Long.MAX_VALUE) {
                gone.add(t);
            }
        }
        gone.forEach(rightBuffer::remove);
    }

    /** Keeps an element until the watermark reaches {@code cleanupTime}, unless it already has. */
    private <T> void keep(Buffer<T> buffer, T value, long ts, long cleanupTime, long watermark, Context ctx) {
        if (cleanupTime <= watermark) {
            return; // every partner it could have would be late now: it has met all it ever will
        }
        buffer.add(ts, value);
        ctx.timerService().registerEventTimeTimer(cleanupTime);
    }

    private void emit(L left, R right, long leftTs, long rightTs, Collector<OUT> out) throws Exception {
        joinContext.leftTimestamp = leftTs;
        joinContext.rightTimestamp = rightTs;
        outputTimestamp = Math.max(leftTs, rightTs);
        function.processElement(left, right, joinContext, out);
    }

    /**
     * At or behind the watermark: partners it should meet may be gone already, and it would keep
     * nothing either. (Flink counts an element exactly at the watermark as on time.)
     */
    private static boolean isLate(long ts, long watermark) {
        return watermark != Long.MIN_VALUE && ts <= watermark;
    }

    private <T> void late(Context ctx, OutputTag<T> tag, T value, long ts) {
        if (tag == null) {
            lateRecordsDropped++;
        } else {
            outputTimestamp = ts;
            ctx.output(tag, value);
        }
    }

    private long timestampOf(Context ctx, String side) {
        Long ts = ctx.timestamp();
        if (ts == null) {
            throw new IllegalStateException("interval join '" + operatorName + "' got a " + side
                    + " element without a timestamp; interval joins run in event time: assign timestamps with"
                    + " assignTimestampsAndWatermarks(...) or the source's WatermarkStrategy on the " + side
                    + " input");
        }
        return ts;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    /**
     * One side's waiting elements of the current key: how many there are at each timestamp, and
     * each in its own slot. An element is one state write, whatever waits beside it, and the
     * elements' own serializer sits at the top of its state, where a restore can give an undeclared
     * type the class the snapshot recorded.
     */
    private static final class Buffer<T> {
        final MapState<Long, Integer> times;
        final MapState<Slot, T> elements;

        Buffer(RuntimeContext context, String name, TypeSerializer<T> serializer) {
            times = context.getMapState(new MapStateDescriptor<>(name + "-times", Serializers.LONG, Serializers.INT));
            elements = context.getMapState(new MapStateDescriptor<>(name, SLOTS, serializer));
        }

        void add(long ts, T value) {
            Integer n = times.get(ts);
            int index = n == null ? 0 : n;
            elements.put(new Slot(ts, index), value);
            times.put(ts, index + 1);
        }

        void remove(long ts) {
            Integer n = times.get(ts);
            if (n != null) {
                for (int i = 0; i < n; i++) {
                    elements.remove(new Slot(ts, i));
                }
                times.remove(ts);
            }
        }
    }

    private static final TypeSerializer<Slot> SLOTS = new TypeSerializer<>() {
        @Override
        public void serialize(Slot slot, java.io.DataOutput out) throws java.io.IOException {
            out.writeLong(slot.timestamp());
            out.writeInt(slot.index());
        }

        @Override
        public Slot deserialize(java.io.DataInput in) throws java.io.IOException {
            return new Slot(in.readLong(), in.readInt());
        }

        @Override
        public String typeName() {
            return "interval-join slot";
        }
    };

    /** The context of the pair being processed; one per subtask, reused. */
    private final class JoinContext extends ProcessJoinFunction<L, R, OUT>.Context {
        long leftTimestamp;
        long rightTimestamp;

        JoinContext() {
            function.super();
        }

        @Override
        public long getLeftTimestamp() {
            return leftTimestamp;
        }

        @Override
        public long getRightTimestamp() {
            return rightTimestamp;
        }

        @Override
        public long getTimestamp() {
            return Math.max(leftTimestamp, rightTimestamp);
        }

        @Override
        public <X> void output(OutputTag<X> tag, X value) {
            currentContext.output(tag, value);
        }
    }
}
