package io.sluice.api.graph;

import io.sluice.api.OutputTag;
import io.sluice.api.connector.Sink;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.BroadcastProcessFunction;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.util.List;

/**
 * What an operator does: one-input kinds, and the two-input kinds ({@code Co...}) of a
 * {@link TwoInputTransformation}. The runtime turns each kind into an operator; the user objects
 * inside are copied once per subtask.
 */
public sealed interface OperatorSpec extends java.io.Serializable {

    /** The user objects of this operator, for copying and lifecycle calls. */
    List<Object> userObjects();

    /** True when the operator needs a keyed input (keyed state, timers). */
    default boolean isKeyed() {
        return false;
    }

    record Map<I, O>(MapFunction<I, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record Filter<T>(FilterFunction<T> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record FlatMap<I, O>(FlatMapFunction<I, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record Process<I, O>(ProcessFunction<I, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record KeyedProcess<K, I, O>(KeySelector<I, K> keySelector, KeyedProcessFunction<K, I, O> function)
            implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(keySelector, function);
        }

        @Override
        public boolean isKeyed() {
            return true;
        }
    }

    record Watermarks<T>(WatermarkStrategy<T> strategy) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(strategy);
        }
    }

    record SinkOp<T>(Sink<T> sink) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(sink);
        }
    }

    /**
     * A keyed window. Exactly one of {@code reduce}, {@code aggregate} is set for incremental
     * windows (optionally with {@code windowFunction} applied to the result); neither for a full
     * window, where {@code windowFunction} gets every element. With an {@code evictor} the window
     * keeps every element (and {@code accumulatorSerializer} is the elements' serializer): the
     * reduce or aggregate runs over what the evictor leaves at each firing.
     */
    record KeyedWindow<K, T, W extends Window>(
            KeySelector<T, K> keySelector,
            WindowAssigner<? super T, W> assigner,
            Trigger<? super T, ? super W> trigger,
            long allowedLatenessMs,
            OutputTag<T> lateDataTag,
            ReduceFunction<T> reduce,
            AggregateFunction<T, ?, ?> aggregate,
            TypeSerializer<?> accumulatorSerializer,
            ProcessWindowFunction<?, ?, K, W> windowFunction,
            Evictor<? super T, ? super W> evictor) implements OperatorSpec {

        /** A window without an evictor. */
        public KeyedWindow(KeySelector<T, K> keySelector, WindowAssigner<? super T, W> assigner,
                           Trigger<? super T, ? super W> trigger, long allowedLatenessMs, OutputTag<T> lateDataTag,
                           ReduceFunction<T> reduce, AggregateFunction<T, ?, ?> aggregate,
                           TypeSerializer<?> accumulatorSerializer, ProcessWindowFunction<?, ?, K, W> windowFunction) {
            this(keySelector, assigner, trigger, allowedLatenessMs, lateDataTag, reduce, aggregate,
                    accumulatorSerializer, windowFunction, null);
        }

        public List<Object> userObjects() {
            java.util.List<Object> objects = new java.util.ArrayList<>();
            objects.add(keySelector);
            objects.add(assigner);
            objects.add(trigger);
            if (reduce != null) objects.add(reduce);
            if (aggregate != null) objects.add(aggregate);
            if (windowFunction != null) objects.add(windowFunction);
            if (evictor != null) objects.add(evictor);
            return objects;
        }

        @Override
        public boolean isKeyed() {
            return true;
        }
    }

    /**
     * Async I/O: up to {@code capacity} requests of {@code function} in flight per subtask, results in
     * input order or not ({@code ordered}), each request given {@code timeoutMs} (0: none) for all
     * its attempts. {@code inputSerializer} writes inputs in flight into checkpoints; {@code null}
     * when the input type was not declared (each input is then written with its class).
     */
    record Async<I, O>(io.sluice.api.functions.AsyncFunction<I, O> function, long timeoutMs, int capacity,
                       boolean ordered, io.sluice.api.functions.AsyncRetryStrategy<O> retryStrategy,
                       TypeSerializer<I> inputSerializer) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function, retryStrategy);
        }
    }

    /** Two inputs: {@link CoMapFunction#map1} for input 1, {@code map2} for input 2. */
    record CoMap<I1, I2, O>(CoMapFunction<I1, I2, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record CoFlatMap<I1, I2, O>(CoFlatMapFunction<I1, I2, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    record CoProcess<I1, I2, O>(CoProcessFunction<I1, I2, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    /** Two keyed inputs, each with its own key selector, sharing keyed state and timers by key. */
    record KeyedCoProcess<K, I1, I2, O>(KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
                                        KeyedCoProcessFunction<K, I1, I2, O> function) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(keySelector1, keySelector2, function);
        }

        @Override
        public boolean isKeyed() {
            return true;
        }
    }

    /** A non-keyed stream (input 1) and a broadcast stream (input 2) with the broadcast states {@code descriptors}. */
    record BroadcastProcess<I1, I2, O>(BroadcastProcessFunction<I1, I2, O> function,
                                       List<MapStateDescriptor<?, ?>> descriptors) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(function);
        }
    }

    /** A keyed stream (input 1) with keyed state and timers, and a broadcast stream (input 2). */
    record KeyedBroadcastProcess<K, I1, I2, O>(KeySelector<I1, K> keySelector,
                                               KeyedBroadcastProcessFunction<K, I1, I2, O> function,
                                               List<MapStateDescriptor<?, ?>> descriptors) implements OperatorSpec {
        public List<Object> userObjects() {
            return List.of(keySelector, function);
        }

        @Override
        public boolean isKeyed() {
            return true;
        }
    }

    /** The user functions among {@code userObjects}, which get {@code open}/{@code close}. */
    static List<Function> functionsOf(OperatorSpec spec) {
        return spec.userObjects().stream().filter(Function.class::isInstance).map(Function.class::cast).toList();
    }
}
