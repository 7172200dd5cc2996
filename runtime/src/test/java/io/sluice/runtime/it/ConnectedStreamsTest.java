package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.OutputTag;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.PlanBuilder;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** connect of two streams: map, flatMap and process see every element of both inputs exactly once. */
class ConnectedStreamsTest {

    private static final long N1 = 5_000;
    private static final long N2 = 3_000;

    static final class Tag implements CoMapFunction<Long, String, String> {
        @Override
        public String map1(Long value) {
            return "a" + value;
        }

        @Override
        public String map2(String value) {
            return "b" + value;
        }
    }

    /** Input 1: one element per value; input 2: two per value. */
    static final class Split implements CoFlatMapFunction<Long, String, String> {
        @Override
        public void flatMap1(Long value, Collector<String> out) {
            out.collect("a" + value);
        }

        @Override
        public void flatMap2(String value, Collector<String> out) {
            out.collect("b" + value + "/1");
            out.collect("b" + value + "/2");
        }
    }

    private static List<String> expected(boolean twice) {
        List<String> out = new ArrayList<>();
        for (long v = 0; v < N1; v++) {
            out.add("a" + v);
        }
        for (long v = 0; v < N2; v++) {
            if (twice) {
                out.add("bs" + v + "/1");
                out.add("bs" + v + "/2");
            } else {
                out.add("bs" + v);
            }
        }
        out.sort(null);
        return out;
    }

    private static StreamEnvironment env(int parallelism) {
        return StreamEnvironment.create().setParallelism(parallelism);
    }

    private static DataStream<String> second(StreamEnvironment env) {
        return env.fromSequence(0, N2 - 1).map(v -> "s" + v).name("to-string");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void coMapEmitsEveryElementOfBothInputsOnce(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, N1 - 1).connect(second(env)).map(new Tag()).name("tag").sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(expected(false));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void coFlatMapEmitsEveryElementOfBothInputsOnce(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, N1 - 1).rebalance().connect(second(env).rebalance()).flatMap(new Split()).sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(expected(true));
    }

    static final class TagWithSideOutput extends CoProcessFunction<Long, String, String> {
        static final OutputTag<String> ODD = new OutputTag<>("odd");

        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
            if (value % 2 == 1) {
                ctx.output(ODD, "a" + value);
            } else {
                out.collect("a" + value);
            }
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<String> out) {
            out.collect("b" + value);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void coProcessEmitsToItsOutputAndSideOutput(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> main = new CollectSink<>();
        CollectSink<String> side = new CollectSink<>();
        DataStream<String> out = env.fromSequence(0, N1 - 1).connect(second(env)).process(new TagWithSideOutput());
        out.sinkTo(main);
        out.getSideOutput(TagWithSideOutput.ODD).sinkTo(side);
        env.execute();
        List<String> all = new ArrayList<>(main.values());
        List<String> odd = side.values();
        assertThat(odd).hasSize((int) (N1 / 2)).allMatch(s -> Long.parseLong(s.substring(1)) % 2 == 1);
        all.addAll(odd);
        all.sort(null);
        assertThat(all).isEqualTo(expected(false));
    }

    static final class Sides implements CoMapFunction<Long, Long, String> {
        @Override
        public String map1(Long value) {
            return "1:" + value;
        }

        @Override
        public String map2(Long value) {
            return "2:" + value;
        }
    }

    /** A stream connected with itself: every element reaches both inputs, each once. */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aStreamConnectedWithItselfFeedsBothInputs(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        DataStream<Long> s = env.fromSequence(0, 999).map(v -> v).name("numbers");
        s.connect(s).map(new Sides()).sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        List<String> expected = new ArrayList<>();
        for (long v = 0; v < 1000; v++) {
            expected.add("1:" + v);
            expected.add("2:" + v);
        }
        expected.sort(null);
        assertThat(out).isEqualTo(expected);
    }

    @Test
    void theTwoInputOperatorHeadsItsTaskAndTheNextOperatorChainsToIt() {
        StreamEnvironment env = env(2);
        env.fromSequence(0, 9).connect(second(env)).map(new Tag()).name("tag")
                .map(s -> s + "!").name("after")
                .sinkTo(new CollectSink<>()).name("sink");
        ExecutionPlan plan = PlanBuilder.build(env);
        assertThat(plan.chains()).extracting(c -> c.name())
                .contains("tag -> after -> sink")
                .noneMatch(name -> name.contains("-> tag"));
        assertThat(plan.chainEdges()).extracting(Object::toString)
                .contains("to-string -FORWARD-> tag (input 2)");
    }

    static final class KeyedStateInCoMap implements CoMapFunction<Long, String, String> {
        private transient ValueState<Long> seen;

        @Override
        public String map1(Long value) {
            return "";
        }

        @Override
        public String map2(String value) {
            return "";
        }
    }

    @Test
    void shouldRefuseKeyedStateInANonKeyedTwoInputOperator() {
        StreamEnvironment env = env(1);
        env.fromSequence(0, 9).connect(second(env)).map(new KeyedStateInCoMap()).name("stateful")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(env::execute).isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("operator 'stateful' keeps keyed state (field 'seen'")
                .hasMessageContaining("are not both keyed; call keyBy(keySelector1, keySelector2)");
    }

    static final class WithTimers extends CoProcessFunction<Long, String, String> {
        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<String> out) {
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        }
    }

    @Test
    void shouldRefuseTimersInANonKeyedCoProcessFunction() {
        StreamEnvironment env = env(1);
        DataStream<Long> first = env.fromSequence(0, 9);
        DataStream<String> second = second(env);
        assertThatThrownBy(() -> first.connect(second).process(new WithTimers()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("overrides onTimer, but timers need keyed inputs")
                .hasMessageContaining("'to-string'");
    }

    static final class Count extends KeyedCoProcessFunction<Long, Long, Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
            bump(ctx, out);
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<String> out) {
            bump(ctx, out);
        }

        private void bump(Context ctx, Collector<String> out) {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(ctx.getCurrentKey() + ":" + n);
        }
    }

    @Test
    void shouldRefuseAKeyedCoProcessFunctionOnStreamsThatAreNotKeyed() {
        StreamEnvironment env = env(1);
        DataStream<Long> first = env.fromSequence(0, 9).name("first");
        DataStream<Long> second = env.fromSequence(0, 9).keyBy(v -> v).map(v -> v).name("second");
        assertThatThrownBy(() -> first.connect(second).process(new Count()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("stream is not keyed; call keyBy(keySelector1, keySelector2)");
    }

    @Test
    void shouldRefuseKeySelectorsOfDifferentKeyTypes() {
        StreamEnvironment env = env(1);
        DataStream<Long> first = env.fromSequence(0, 9);
        DataStream<String> second = second(env);
        assertThatThrownBy(() -> first.connect(second)
                .keyBy(Long::longValue, String::length)
                .process(new KeyedCoProcessFunction<Object, Long, String, String>() {
                    @Override
                    public void processElement1(Long value, Context ctx, Collector<String> out) {
                    }

                    @Override
                    public void processElement2(String value, Context ctx, Collector<String> out) {
                    }
                }))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("keyed by java.lang.Long (first input) and java.lang.Integer (second input)");
    }

    static final class Nothing<K> extends KeyedCoProcessFunction<K, Long, String, String> {
        @Override
        public void processElement1(Long value, Context ctx, Collector<String> out) {
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<String> out) {
        }
    }

    /** Lambdas hide their key types from the build: the operator refuses keys of different classes when they arrive. */
    @Test
    void shouldFailOnKeysOfDifferentClassesFromLambdas() {
        StreamEnvironment env = env(1);
        env.fromSequence(0, 9).connect(second(env))
                .keyBy(v -> v % 2, s -> s.length())
                .process(new Nothing<Number>()).name("mixed-keys")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(env::execute)
                .hasStackTraceContaining("'mixed-keys' (subtask 1/1) reads keys of java.lang.")
                .hasStackTraceContaining("make both key selectors return the same type");
    }

    /** Flink's classic: a control stream blocks words, in keyed state a RichCoFlatMapFunction shares by key. */
    static final class BlockAndCount implements CoFlatMapFunction<Long, Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void flatMap1(Long value, Collector<String> out) {
            bump(value, out);
        }

        @Override
        public void flatMap2(Long value, Collector<String> out) {
            bump(value, out);
        }

        private void bump(long value, Collector<String> out) {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(value % 7 + ":" + n);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void aCoFlatMapOnKeyedConnectedStreamsHasKeyedStateSharedByBothInputs(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 999).connect(env.fromSequence(1000, 1999))
                .keyBy(v -> v % 7, v -> v % 7)
                .flatMap(new BlockAndCount()).sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(countsPerKey());
    }

    private static List<String> countsPerKey() {
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < 7; key++) {
            long n = 0;
            for (long v = 0; v < 2000; v++) {
                if (v % 7 == key) {
                    expected.add(key + ":" + ++n);
                }
            }
        }
        expected.sort(null);
        return expected;
    }

    /** Equal keys of the two inputs share state: per key the count goes 1..n over both inputs together. */
    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 3})
    void equalKeysOfBothInputsShareKeyedState(int parallelism) throws Exception {
        StreamEnvironment env = env(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 999).keyBy(v -> v % 7)
                .connect(env.fromSequence(1000, 1999).keyBy(v -> v % 7))
                .process(new Count()).sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        List<String> expected = new ArrayList<>();
        for (long key = 0; key < 7; key++) {
            long n = 0;
            for (long v = 0; v < 2000; v++) {
                if (v % 7 == key) {
                    expected.add(key + ":" + ++n);
                }
            }
        }
        expected.sort(null);
        assertThat(out).isEqualTo(expected);
    }
}
