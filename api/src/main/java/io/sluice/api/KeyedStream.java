package io.sluice.api;

import io.sluice.api.functions.DoubleExtractor;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.internal.ExtremeBy;
import io.sluice.api.internal.FieldAggregator;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.internal.RollingExtractorAggregate;
import io.sluice.api.internal.RollingReduce;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.util.Objects;

/**
 * A stream partitioned by key: every element of one key reaches the same subtask, where keyed
 * state and timers are scoped to that key.
 */
public class KeyedStream<K, T> extends DataStream<T> {

    private final KeySelector<T, K> keySelector;

    KeyedStream(StreamEnvironment env, PartitionTransformation<T> transformation, KeySelector<T, K> keySelector) {
        super(env, transformation);
        this.keySelector = keySelector;
    }

    public KeySelector<T, K> keySelector() {
        return keySelector;
    }

    /** Processes each element with keyed state and per-key timers. */
    public <R> DataStream<R> process(KeyedProcessFunction<K, T, R> function) {
        Objects.requireNonNull(function, "function");
        return oneInput("keyed-process", new OperatorSpec.KeyedProcess<>(keySelector, function));
    }

    /**
     * Connects this keyed stream with another keyed by keys of the same type: an element of either
     * with key {@code k} reaches the subtask that holds {@code k}'s state, for
     * {@link ConnectedStreams#process(io.sluice.api.functions.KeyedCoProcessFunction)}.
     */
    public <R> ConnectedStreams<T, R> connect(KeyedStream<K, R> other) {
        return super.connect(other);
    }

    /**
     * Joins this stream (left) with {@code other} (right), keyed by keys of one type, by time: each
     * pair of one key whose timestamps lie within the bounds set by {@link IntervalJoin#between}
     * (Flink's {@code intervalJoin}). Event time only.
     */
    public <T1> IntervalJoin<T, T1, K> intervalJoin(KeyedStream<K, T1> other) {
        Objects.requireNonNull(other, "other");
        if (other.env != env) {
            throw new InvalidJobException("intervalJoin of streams from different environments");
        }
        return new IntervalJoin<>(this, other);
    }

    /**
     * Connects this keyed stream with a broadcast stream, for
     * {@link BroadcastConnectedStream#process(io.sluice.api.functions.KeyedBroadcastProcessFunction)}:
     * keyed state and timers for this stream's elements, broadcast state from the other.
     */
    @Override
    public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcast) {
        return super.connect(broadcast);
    }

    /** A rolling reduce: emits the reduced value of the element's key after every element. */
    public DataStream<T> reduce(ReduceFunction<T> reducer) {
        Objects.requireNonNull(reducer, "reducer");
        return oneInput("reduce", new OperatorSpec.KeyedProcess<>(keySelector,
                new RollingReduce<K, T>(reducer, transformation.outputSerializer())));
    }

    /**
     * Rolling sum of a numeric field (of a record or a class with a no-argument constructor): emits
     * the key's first element with the field replaced by the running sum.
     */
    public DataStream<T> sum(String field) {
        return reduce(FieldAggregator.sum(field)).name("sum(" + field + ")");
    }

    /** Rolling minimum of a numeric field; the other fields are those of the key's first element. */
    public DataStream<T> min(String field) {
        return reduce(FieldAggregator.min(field)).name("min(" + field + ")");
    }

    /** Rolling maximum of a numeric field; the other fields are those of the key's first element. */
    public DataStream<T> max(String field) {
        return reduce(FieldAggregator.max(field)).name("max(" + field + ")");
    }

    /** Rolling sum of a value extracted from each element, per key. */
    public DataStream<KeyedValue<K, Double>> sum(DoubleExtractor<T> extractor) {
        return extractorAggregate(RollingExtractorAggregate.Kind.SUM, extractor);
    }

    /** Rolling minimum of a value extracted from each element, per key. */
    public DataStream<KeyedValue<K, Double>> min(DoubleExtractor<T> extractor) {
        return extractorAggregate(RollingExtractorAggregate.Kind.MIN, extractor);
    }

    /** Rolling maximum of a value extracted from each element, per key. */
    public DataStream<KeyedValue<K, Double>> max(DoubleExtractor<T> extractor) {
        return extractorAggregate(RollingExtractorAggregate.Kind.MAX, extractor);
    }

    /**
     * Rolling minimum by a field (a number, a {@code String} or another {@code Comparable}, of a
     * record or class): emits, after every element, the whole element with the smallest value of
     * the field so far for its key; on ties, the earlier one.
     */
    public DataStream<T> minBy(String field) {
        return reduce(ExtremeBy.minBy(field)).name("minBy(" + field + ")");
    }

    /** Rolling maximum by a field: the whole element with the largest value so far; on ties, the earlier one. */
    public DataStream<T> maxBy(String field) {
        return reduce(ExtremeBy.maxBy(field)).name("maxBy(" + field + ")");
    }

    /** Rolling minimum by an extracted value: the whole element with the smallest value so far; on ties, the earlier one. */
    public DataStream<T> minBy(DoubleExtractor<T> extractor) {
        return reduce(ExtremeBy.minBy(Objects.requireNonNull(extractor, "extractor"))).name("minBy");
    }

    /** Rolling maximum by an extracted value: the whole element with the largest value so far; on ties, the earlier one. */
    public DataStream<T> maxBy(DoubleExtractor<T> extractor) {
        return reduce(ExtremeBy.maxBy(Objects.requireNonNull(extractor, "extractor"))).name("maxBy");
    }

    /**
     * Groups each key's elements into windows. Event-time assigners need watermarks upstream: a
     * stream without them is refused here.
     */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<? super T, W> assigner) {
        Objects.requireNonNull(assigner, "assigner");
        JobValidator.requireWatermarksFor(assigner, transformation);
        return new WindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} elements per key (a global window with a purging count trigger). */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size) {
        return window(GlobalWindows.<T>create()).trigger(PurgingTrigger.of(CountTrigger.of(size)));
    }

    /**
     * Sliding windows of the last {@code size} elements per key, every {@code slide} elements (a
     * global window with a count trigger of {@code slide} and a count evictor of {@code size}, as
     * Flink's {@code countWindow(size, slide)}). At the end of input the window fires once more
     * with its last {@code size} elements if elements arrived since it last fired.
     */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size, long slide) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("count window size and slide must be positive, got size " + size
                    + " and slide " + slide);
        }
        return window(GlobalWindows.<T>create()).evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
    }

    private DataStream<KeyedValue<K, Double>> extractorAggregate(RollingExtractorAggregate.Kind kind,
                                                                 DoubleExtractor<T> extractor) {
        Objects.requireNonNull(extractor, "extractor");
        return oneInput(kind.name().toLowerCase(), new OperatorSpec.KeyedProcess<>(keySelector,
                new RollingExtractorAggregate<K, T>(kind, extractor)));
    }
}
