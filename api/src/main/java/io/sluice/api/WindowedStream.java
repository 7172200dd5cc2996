package io.sluice.api;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.time.Duration;
import java.util.Objects;

/**
 * A keyed stream cut into windows, waiting for the function that computes each window's result:
 * {@code reduce} or {@code aggregate} fold elements as they arrive (one value per window kept);
 * {@code process} keeps every element and sees them all when the window fires.
 *
 * <p>Every window also fires when the input ends. Elements later than the allowed lateness are
 * never silently dropped: they go to {@link #sideOutputLateData} when set, and are counted.
 */
public final class WindowedStream<T, K, W extends Window> {

    private final KeyedStream<K, T> input;
    private final WindowAssigner<? super T, W> assigner;
    private Trigger<? super T, ? super W> trigger;
    private long allowedLatenessMs;
    private OutputTag<T> lateDataTag;

    WindowedStream(KeyedStream<K, T> input, WindowAssigner<? super T, W> assigner) {
        this.input = input;
        this.assigner = assigner;
        this.trigger = assigner.defaultTrigger();
    }

    public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        return this;
    }

    /** Keeps windows this long after they fired, updating their result for late elements. */
    public WindowedStream<T, K, W> allowedLateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative: " + lateness);
        }
        if (!assigner.isEventTime() && !lateness.isZero()) {
            throw new InvalidJobException("allowed lateness applies to event-time windows only, not to " + assigner);
        }
        this.allowedLatenessMs = lateness.toMillis();
        return this;
    }

    /** Sends elements that arrive after their windows were dropped to the side output {@code tag}. */
    public WindowedStream<T, K, W> sideOutputLateData(OutputTag<T> tag) {
        this.lateDataTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    public DataStream<T> reduce(ReduceFunction<T> reducer) {
        return build("window-reduce", Objects.requireNonNull(reducer), null, valueSerializer(), null);
    }

    public <R> DataStream<R> reduce(ReduceFunction<T> reducer, ProcessWindowFunction<T, R, K, W> function) {
        return build("window-reduce", Objects.requireNonNull(reducer), null, valueSerializer(),
                Objects.requireNonNull(function));
    }

    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function) {
        return aggregate(function, Serializers.undeclared("the accumulator of the window aggregate"));
    }

    /** An aggregate whose accumulator is written with {@code accumulatorSerializer} (needed for off-heap state). */
    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function,
                                            TypeSerializer<ACC> accumulatorSerializer) {
        return build("window-aggregate", null, Objects.requireNonNull(function), accumulatorSerializer, null);
    }

    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function,
                                               ProcessWindowFunction<V, R, K, W> windowFunction) {
        return build("window-aggregate", null, Objects.requireNonNull(function),
                Serializers.undeclared("the accumulator of the window aggregate"), Objects.requireNonNull(windowFunction));
    }

    public <R> DataStream<R> process(ProcessWindowFunction<T, R, K, W> function) {
        return build("window-process", null, null, valueSerializer(), Objects.requireNonNull(function));
    }

    private TypeSerializer<T> valueSerializer() {
        TypeSerializer<T> s = input.transformation().outputSerializer();
        return s != null ? s : Serializers.undeclared("the elements of the window");
    }

    private <R> DataStream<R> build(String name, ReduceFunction<T> reduce, AggregateFunction<T, ?, ?> aggregate,
                                    TypeSerializer<?> stateSerializer, ProcessWindowFunction<?, ?, K, W> function) {
        OperatorSpec.KeyedWindow<K, T, W> spec = new OperatorSpec.KeyedWindow<>(input.keySelector(), assigner, trigger,
                allowedLatenessMs, lateDataTag, reduce, aggregate, stateSerializer, function);
        return input.oneInput(name, spec);
    }
}
