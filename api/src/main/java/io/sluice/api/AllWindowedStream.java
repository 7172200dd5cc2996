package io.sluice.api;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.internal.NullByteKeySelector;
import io.sluice.api.internal.ProcessAllWindowAdapter;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.time.Duration;
import java.util.Objects;

/**
 * A whole (non-keyed) stream cut into windows (Flink's {@code AllWindowedStream}, made by
 * {@link DataStream#windowAll}). Every element goes to one subtask: the window operator runs with
 * parallelism 1, as in Flink, under one internal key, so its state is checkpointed, restored and
 * rescaled like any keyed window's. The same settings and functions as {@link WindowedStream}.
 */
public final class AllWindowedStream<T, W extends Window> {

    private final WindowedStream<T, Byte, W> windowed;

    AllWindowedStream(DataStream<T> input, WindowAssigner<? super T, W> assigner) {
        Objects.requireNonNull(assigner, "assigner");
        KeyedStream<Byte, T> keyed = input.keyBy(new NullByteKeySelector<>());
        JobValidator.requireWatermarksFor(assigner, keyed.transformation());
        this.windowed = new WindowedStream<>(keyed, assigner, "window-all");
    }

    /** Windows of {@code size} elements of the whole stream (Flink's {@code countWindowAll(size)}). */
    static <T> AllWindowedStream<T, GlobalWindow> countWindowAll(DataStream<T> input, long size) {
        return new AllWindowedStream<T, GlobalWindow>(input, GlobalWindows.<T>create())
                .trigger(PurgingTrigger.of(CountTrigger.of(size)));
    }

    /** The last {@code size} elements of the whole stream every {@code slide} elements (Flink's {@code countWindowAll(size, slide)}). */
    static <T> AllWindowedStream<T, GlobalWindow> countWindowAll(DataStream<T> input, long size, long slide) {
        if (size <= 0 || slide <= 0) {
            throw new IllegalArgumentException("count window size and slide must be positive, got size " + size
                    + " and slide " + slide);
        }
        return new AllWindowedStream<T, GlobalWindow>(input, GlobalWindows.<T>create())
                .evictor(CountEvictor.of(size)).trigger(CountTrigger.of(slide));
    }

    public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
        windowed.trigger(trigger);
        return this;
    }

    /** See {@link WindowedStream#evictor}: the window then keeps all its elements. */
    public AllWindowedStream<T, W> evictor(Evictor<? super T, ? super W> evictor) {
        windowed.evictor(evictor);
        return this;
    }

    public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
        windowed.allowedLateness(lateness);
        return this;
    }

    public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> tag) {
        windowed.sideOutputLateData(tag);
        return this;
    }

    public DataStream<T> reduce(ReduceFunction<T> reducer) {
        return nonParallel(windowed.reduce(reducer));
    }

    public <R> DataStream<R> reduce(ReduceFunction<T> reducer, ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.reduce(reducer, adapt(function)));
    }

    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function) {
        return nonParallel(windowed.aggregate(function));
    }

    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> function,
                                            TypeSerializer<ACC> accumulatorSerializer) {
        return nonParallel(windowed.aggregate(function, accumulatorSerializer));
    }

    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function,
                                               ProcessAllWindowFunction<V, R, W> windowFunction) {
        return nonParallel(windowed.aggregate(function, adapt(windowFunction)));
    }

    public <ACC, V, R> DataStream<R> aggregate(AggregateFunction<T, ACC, V> function,
                                               TypeSerializer<ACC> accumulatorSerializer,
                                               ProcessAllWindowFunction<V, R, W> windowFunction) {
        return nonParallel(windowed.aggregate(function, accumulatorSerializer, adapt(windowFunction)));
    }

    public <R> DataStream<R> process(ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.process(adapt(function)));
    }

    private static <I, O, W extends Window> ProcessAllWindowAdapter<I, O, W> adapt(
            ProcessAllWindowFunction<I, O, W> function) {
        return new ProcessAllWindowAdapter<>(Objects.requireNonNull(function, "function"));
    }

    private static <R> DataStream<R> nonParallel(DataStream<R> out) {
        return out.setParallelism(1);
    }
}
