package io.sluice.runtime.testing;

import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.KeySelector;
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
 * The window settings of an {@link OperatorHarness}, with the same methods and checks as
 * {@code WindowedStream}: {@code trigger}, {@code allowedLateness}, {@code sideOutputLateData}, then
 * one function, which makes the harness. Made by {@link OperatorHarness#forWindow(KeySelector, WindowAssigner)}
 * and {@link OperatorHarness#forCountWindow}.
 */
public final class WindowHarnessBuilder<K, T, W extends Window> {

    private final KeySelector<T, K> keySelector;
    private final WindowAssigner<? super T, W> assigner;
    private Trigger<? super T, ? super W> trigger;
    private long allowedLatenessMs;
    private OutputTag<T> lateDataTag;
    private Evictor<? super T, ? super W> evictor;

    WindowHarnessBuilder(KeySelector<T, K> keySelector, WindowAssigner<? super T, W> assigner) {
        this.keySelector = keySelector;
        this.assigner = Objects.requireNonNull(assigner, "assigner");
        this.trigger = assigner.defaultTrigger();
    }

    /** Replaces the assigner's default trigger. */
    public WindowHarnessBuilder<K, T, W> trigger(Trigger<? super T, ? super W> trigger) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        return this;
    }

    /** Evicts elements when a window fires; the window then keeps all its elements. */
    public WindowHarnessBuilder<K, T, W> evictor(Evictor<? super T, ? super W> evictor) {
        this.evictor = Objects.requireNonNull(evictor, "evictor");
        return this;
    }

    /** Keeps event-time windows this long after they fired, updating their result for late elements. */
    public WindowHarnessBuilder<K, T, W> allowedLateness(Duration lateness) {
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
    public WindowHarnessBuilder<K, T, W> sideOutputLateData(OutputTag<T> tag) {
        this.lateDataTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    public OperatorHarness<T, T> reduce(ReduceFunction<T> reducer) {
        return build(Objects.requireNonNull(reducer, "reducer"), null, elements(), null);
    }

    public <R> OperatorHarness<T, R> reduce(ReduceFunction<T> reducer, ProcessWindowFunction<T, R, K, W> function) {
        return build(Objects.requireNonNull(reducer, "reducer"), null, elements(),
                Objects.requireNonNull(function, "function"));
    }

    public <ACC, R> OperatorHarness<T, R> aggregate(AggregateFunction<T, ACC, R> function) {
        return aggregate(function, Serializers.undeclared("the accumulator of the window aggregate"));
    }

    public <ACC, R> OperatorHarness<T, R> aggregate(AggregateFunction<T, ACC, R> function,
                                                   TypeSerializer<ACC> accumulatorSerializer) {
        return build(null, Objects.requireNonNull(function, "function"), accumulatorSerializer, null);
    }

    public <ACC, V, R> OperatorHarness<T, R> aggregate(AggregateFunction<T, ACC, V> function,
                                                      ProcessWindowFunction<V, R, K, W> windowFunction) {
        return build(null, Objects.requireNonNull(function, "function"),
                Serializers.undeclared("the accumulator of the window aggregate"),
                Objects.requireNonNull(windowFunction, "windowFunction"));
    }

    public <ACC, V, R> OperatorHarness<T, R> aggregate(AggregateFunction<T, ACC, V> function,
                                                      TypeSerializer<ACC> accumulatorSerializer,
                                                      ProcessWindowFunction<V, R, K, W> windowFunction) {
        return build(null, Objects.requireNonNull(function, "function"),
                Objects.requireNonNull(accumulatorSerializer, "accumulatorSerializer"),
                Objects.requireNonNull(windowFunction, "windowFunction"));
    }

    public <R> OperatorHarness<T, R> process(ProcessWindowFunction<T, R, K, W> function) {
        return build(null, null, elements(), Objects.requireNonNull(function, "function"));
    }

    private static <T> TypeSerializer<T> elements() {
        return Serializers.undeclared("the elements of the window");
    }

    private <R> OperatorHarness<T, R> build(ReduceFunction<T> reduce, AggregateFunction<T, ?, ?> aggregate,
                                            TypeSerializer<?> stateSerializer,
                                            ProcessWindowFunction<?, ?, K, W> function) {
        return OperatorHarness.forWindow(new OperatorSpec.KeyedWindow<>(keySelector, assigner, trigger,
                allowedLatenessMs, lateDataTag, reduce, aggregate, evictor != null ? elements() : stateSerializer,
                function, evictor));
    }
}
