package io.sluice.api;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.time.Duration;
import java.util.Objects;

/**
 * A keyed stream cut into windows, waiting for the function that computes each window's result:
 * {@code reduce} or {@code aggregate} fold elements as they arrive (one value per window kept);
 * {@code process} keeps every element and sees them all when the window fires. With an
 * {@link #evictor} every window keeps all its elements, whatever the function.
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
    private Evictor<? super T, ? super W> evictor;
    /** The prefix of the operator's default name: "window" or, under {@code windowAll}, "window-all". */
    private final String namePrefix;

    WindowedStream(KeyedStream<K, T> input, WindowAssigner<? super T, W> assigner) {
        this(input, assigner, "window");
    }

    WindowedStream(KeyedStream<K, T> input, WindowAssigner<? super T, W> assigner, String namePrefix) {
        this.input = input;
        this.assigner = assigner;
        this.trigger = assigner.defaultTrigger();
        this.namePrefix = namePrefix;
    }

    public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        return this;
    }

    /**
     * Removes elements when a window fires, before and/or after the function (Flink's
     * {@code evictor}). The window then keeps every element in state, not an incremental result:
     * {@code reduce} and {@code aggregate} run over the remaining elements at each firing.
     */
    public WindowedStream<T, K, W> evictor(Evictor<? super T, ? super W> evictor) {
        this.evictor = Objects.requireNonNull(evictor, "evictor");
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
        return aggregate(function, Serializers.undeclared("the accumulator of the window aggregate"), windowFunction);
    }

    /**
     * An aggregate whose accumulator is written with {@code accumulatorSerializer}, its result then
     * given to {@code windowFunction} with the window (an accumulator holding a {@code List}, say,
     * whose type inference cannot see).
     */
    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function,
                                               TypeSerializer<ACC> accumulatorSerializer,
                                               ProcessWindowFunction<V, R, K, W> windowFunction) {
        return build("window-aggregate", null, Objects.requireNonNull(function),
                Objects.requireNonNull(accumulatorSerializer, "accumulatorSerializer"),
                Objects.requireNonNull(windowFunction));
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
        // an evicting window keeps the elements themselves, whatever the function
        TypeSerializer<?> kept = evictor != null ? valueSerializer() : stateSerializer;
        OperatorSpec.KeyedWindow<K, T, W> spec = new OperatorSpec.KeyedWindow<>(input.keySelector(), assigner, trigger,
                allowedLatenessMs, lateDataTag, reduce, aggregate, kept, function, evictor);
        return input.oneInput(name.replace("window", namePrefix) + (evictor != null ? "-evicting" : ""), spec);
    }
}
