package io.sluice.api;

import io.sluice.api.functions.BroadcastProcessFunction;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.internal.JobValidator;

import java.util.Objects;

/**
 * A stream connected with a broadcast stream (Flink's {@code BroadcastConnectedStream}): one
 * operator reads both, the broadcast stream's elements in every subtask. A non-keyed stream takes a
 * {@link BroadcastProcessFunction}, a keyed one a {@link KeyedBroadcastProcessFunction}. The
 * operator's watermark is the minimum of both inputs': a broadcast stream without event time (rules
 * that arrive now and then, say) should be marked idle ({@code WatermarkStrategy.withIdleness}) or
 * carry watermarks, or it holds event time back.
 */
public final class BroadcastConnectedStream<I1, I2> {

    private final StreamEnvironment env;
    private final DataStream<I1> first;
    private final BroadcastStream<I2> broadcast;

    BroadcastConnectedStream(StreamEnvironment env, DataStream<I1> first, BroadcastStream<I2> broadcast) {
        this.env = env;
        this.first = first;
        this.broadcast = broadcast;
    }

    public StreamEnvironment getExecutionEnvironment() {
        return env;
    }

    public DataStream<I1> getFirstInput() {
        return first;
    }

    public BroadcastStream<I2> getSecondInput() {
        return broadcast;
    }

    /** Applies {@code function} to a non-keyed stream and the broadcast stream. */
    public <R> DataStream<R> process(BroadcastProcessFunction<I1, I2, R> function) {
        Objects.requireNonNull(function, "function");
        if (first instanceof KeyedStream<?, ?>) {
            throw new InvalidJobException("the BroadcastProcessFunction " + function.getClass().getName()
                    + " reads the keyed stream '" + JobValidator.operatorBehind(first.transformation()).name()
                    + "': use a KeyedBroadcastProcessFunction on a keyed stream");
        }
        return twoInput("broadcast-process", new OperatorSpec.BroadcastProcess<>(function,
                broadcast.getBroadcastStateDescriptors()));
    }

    /** Applies {@code function} to a keyed stream and the broadcast stream. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, R> DataStream<R> process(KeyedBroadcastProcessFunction<K, I1, I2, R> function) {
        Objects.requireNonNull(function, "function");
        if (!(first instanceof KeyedStream<?, ?> keyed)) {
            throw new InvalidJobException("the KeyedBroadcastProcessFunction " + function.getClass().getName()
                    + " reads '" + JobValidator.operatorBehind(first.transformation()).name() + "', which is not keyed:"
                    + " call keyBy(...) before connect, or use a BroadcastProcessFunction");
        }
        return twoInput("keyed-broadcast-process", new OperatorSpec.KeyedBroadcastProcess(keyed.keySelector(), function,
                broadcast.getBroadcastStateDescriptors()));
    }

    private <R> DataStream<R> twoInput(String defaultName, OperatorSpec spec) {
        TwoInputTransformation<I1, I2, R> t = new TwoInputTransformation<>(env.nextId(), defaultName,
                first.transformation(), broadcast.stream().transformation(), spec);
        env.add(t);
        return new DataStream<>(env, t);
    }
}
