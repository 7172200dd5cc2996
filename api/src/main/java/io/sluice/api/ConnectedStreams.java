package io.sluice.api;

import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.internal.JobValidator;

import java.util.Objects;

/**
 * Two streams, possibly of different types, that one operator will read together (Flink's
 * {@code ConnectedStreams}): {@code map}, {@code flatMap} and {@code process} call the function's
 * method 1 for an element of the first stream and method 2 for one of the second. The operator's
 * watermark is the minimum of both inputs'; it ends when both have ended.
 *
 * <p>When both streams are keyed (from {@link #keyBy} or {@code keyedA.connect(keyedB)}),
 * {@link #process(KeyedCoProcessFunction)} gets keyed state and timers shared by both inputs: an
 * element of either side with key {@code k} sees {@code k}'s state. The functions of {@code map},
 * {@code flatMap} and {@code process(CoProcessFunction)} get keyed state there too (timers need a
 * {@code KeyedCoProcessFunction}).
 */
public class ConnectedStreams<I1, I2> {

    private final StreamEnvironment env;
    private final DataStream<I1> first;
    private final DataStream<I2> second;

    ConnectedStreams(StreamEnvironment env, DataStream<I1> first, DataStream<I2> second) {
        this.env = env;
        this.first = first;
        this.second = second;
    }

    public StreamEnvironment getExecutionEnvironment() {
        return env;
    }

    public DataStream<I1> getFirstInput() {
        return first;
    }

    public DataStream<I2> getSecondInput() {
        return second;
    }

    /** Partitions both streams by key, each with its own selector; the keys must be of one type. */
    public <K> ConnectedStreams<I1, I2> keyBy(KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2) {
        Objects.requireNonNull(keySelector1, "keySelector1");
        Objects.requireNonNull(keySelector2, "keySelector2");
        return new ConnectedStreams<>(env, first.keyBy(keySelector1), second.keyBy(keySelector2));
    }

    /** Applies {@code mapper}: {@code map1} to the first stream's elements, {@code map2} to the second's. */
    public <R> DataStream<R> map(CoMapFunction<I1, I2, R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        requireSameKeyTypeIfKeyed("the CoMapFunction", mapper);
        return twoInput("co-map", new OperatorSpec.CoMap<>(mapper));
    }

    /** Applies {@code flatMapper}: {@code flatMap1} to the first stream's elements, {@code flatMap2} to the second's. */
    public <R> DataStream<R> flatMap(CoFlatMapFunction<I1, I2, R> flatMapper) {
        Objects.requireNonNull(flatMapper, "flatMapper");
        requireSameKeyTypeIfKeyed("the CoFlatMapFunction", flatMapper);
        return twoInput("co-flat-map", new OperatorSpec.CoFlatMap<>(flatMapper));
    }

    /**
     * Applies a {@link CoProcessFunction}. Timers and keyed state need keyed inputs and a
     * {@link KeyedCoProcessFunction}: a function that overrides {@code onTimer} is refused here.
     */
    public <R> DataStream<R> process(CoProcessFunction<I1, I2, R> function) {
        Objects.requireNonNull(function, "function");
        JobValidator.refuseTimersInCoProcessFunction(function, first.transformation(), second.transformation());
        requireSameKeyTypeIfKeyed("the CoProcessFunction", function);
        return twoInput("co-process", new OperatorSpec.CoProcess<>(function));
    }

    /**
     * Applies a {@link KeyedCoProcessFunction} with keyed state and timers shared by both inputs.
     * Both streams must be keyed, by keys of one type: call {@link #keyBy} first, or connect two
     * keyed streams.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <K, R> DataStream<R> process(KeyedCoProcessFunction<K, I1, I2, R> function) {
        Objects.requireNonNull(function, "function");
        if (!(first instanceof KeyedStream<?, ?> k1) || !(second instanceof KeyedStream<?, ?> k2)) {
            throw new InvalidJobException("the KeyedCoProcessFunction " + function.getClass().getName()
                    + " connects '" + JobValidator.operatorBehind(first.transformation()).name() + "' and '"
                    + JobValidator.operatorBehind(second.transformation()).name() + "', but "
                    + (first instanceof KeyedStream ? "the second" : "the first")
                    + " stream is not keyed; call keyBy(keySelector1, keySelector2) on the connected streams first");
        }
        JobValidator.requireSameKeyType(k1.keySelector(), k2.keySelector(),
                "the KeyedCoProcessFunction " + function.getClass().getName());
        return twoInput("keyed-co-process", new OperatorSpec.KeyedCoProcess(k1.keySelector(), k2.keySelector(),
                function));
    }

    private void requireSameKeyTypeIfKeyed(String kind, Object function) {
        if (first instanceof KeyedStream<?, ?> k1 && second instanceof KeyedStream<?, ?> k2) {
            JobValidator.requireSameKeyType(k1.keySelector(), k2.keySelector(),
                    kind + " " + function.getClass().getName());
        }
    }

    private <R> DataStream<R> twoInput(String defaultName, OperatorSpec spec) {
        TwoInputTransformation<I1, I2, R> t = new TwoInputTransformation<>(env.nextId(), defaultName,
                first.transformation(), second.transformation(), spec);
        env.add(t);
        return new DataStream<>(env, t);
    }
}
