package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.functions.AbstractRichFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.RichAggregateFunction;
import io.sluice.api.functions.RichCoFlatMapFunction;
import io.sluice.api.functions.RichCoMapFunction;
import io.sluice.api.functions.RichDoubleExtractor;
import io.sluice.api.functions.RichFilterFunction;
import io.sluice.api.functions.RichFlatMapFunction;
import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.functions.RichReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.JobMetrics;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.DiscardSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rich functions reach their runtime context through {@code getRuntimeContext()}: set by the runtime
 * before {@code open} (even when {@code open} does not call {@code super}), in every kind of function
 * and through the adapters that wrap a user's function; and refused, with a clear message, before.
 */
class RichFunctionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int KEYS = 7;

    /** Numbers the values of each key with keyed state reached through getRuntimeContext(). */
    static final class Numbering extends RichMapFunction<Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext ignored) {
            // no super.open(...), and the argument unused: the context is set before open anyway
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public String map(Long value) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            return value % KEYS + ":" + n + ":" + value + ":" + getRuntimeContext().operatorName();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void aRichMapFunctionKeepsKeyedStateThroughGetRuntimeContext(long seed) throws Exception {
        List<Long> input = LongStream.range(0, 5_000).boxed().collect(java.util.stream.Collectors.toList());
        Collections.shuffle(input, new Random(seed)); // out of order
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        env.set(ExecutionOptions.WORKERS, 2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromCollection(input)
                .keyBy(v -> v % KEYS)
                .map(new Numbering()).name("numbering")
                .sinkTo(sink);
        env.execute("rich-numbering");

        // the oracle: one source subtask, so each key's values arrive in input order
        List<String> expected = new ArrayList<>();
        Map<Long, Long> counts = new HashMap<>();
        for (long v : input) {
            long n = counts.merge(v % KEYS, 1L, Long::sum);
            expected.add(v % KEYS + ":" + n + ":" + v + ":numbering");
        }
        List<String> actual = sink.values();
        Collections.sort(actual);
        Collections.sort(expected);
        assertThat(actual).isEqualTo(expected);
    }

    /** Calls getRuntimeContext() where the context does not exist yet. */
    static final class TooEarly extends RichMapFunction<Long, Long> {
        private final String name;

        TooEarly() {
            this.name = getRuntimeContext().operatorName();
        }

        @Override
        public Long map(Long value) {
            return value + name.length();
        }
    }

    @Test
    void getRuntimeContextBeforeOpenFailsWithAMessageThatSaysWhereToMoveTheCall() {
        assertThatThrownBy(TooEarly::new)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("getRuntimeContext() of " + TooEarly.class.getName())
                .hasMessageContaining("before the function was opened")
                .hasMessageContaining("into open(RuntimeContext)");
        assertThatThrownBy(() -> new ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context ctx, Collector<Long> out) {
            }
        }.getRuntimeContext()).isInstanceOf(IllegalStateException.class);
    }

    // ---- every kind of function, and the adapters that wrap one ----

    /** Registers counter "calls" through getRuntimeContext() in open (without calling super). */
    private static Counter calls(AbstractRichFunction f) {
        return f.getRuntimeContext().getMetricGroup().counter("calls");
    }

    static final class CountingFlatMap extends RichFlatMapFunction<Long, Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public void flatMap(Long value, Collector<Long> out) {
            calls.inc();
            out.collect(value);
            if (value % 3 == 0) {
                out.collect(value + 1_000_000); // each multiple of 3 once more
            }
        }
    }

    static final class CountingFilter extends RichFilterFunction<Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public boolean filter(Long value) {
            calls.inc();
            return value % 2 == 0;
        }
    }

    static final class CountingReduce extends RichReduceFunction<Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public Long reduce(Long a, Long b) {
            calls.inc();
            return a + b;
        }
    }

    static final class CountingAggregate extends RichAggregateFunction<Long, long[], Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public long[] createAccumulator() {
            return new long[1];
        }

        @Override
        public long[] add(Long value, long[] acc) {
            calls.inc();
            return new long[] {acc[0] + value};
        }

        @Override
        public Long getResult(long[] acc) {
            return acc[0];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0]};
        }
    }

    static final class CountingWindow extends ProcessWindowFunction<Long, Long, Long, GlobalWindow> {
        private transient Counter calls;

        @Override
        public void process(Long key, Context context, Iterable<Long> elements, Collector<Long> out) {
            if (calls == null) {
                calls = calls(this); // the context in a processing method, not only in open
            }
            for (Long e : elements) {
                calls.inc();
                out.collect(e);
            }
        }
    }

    static final class CountingAllWindow extends ProcessAllWindowFunction<Long, Long, GlobalWindow> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this); // through the adapter that makes windowAll a keyed window
        }

        @Override
        public void process(Context context, Iterable<Long> elements, Collector<Long> out) {
            for (Long e : elements) {
                calls.inc();
                out.collect(e);
            }
        }
    }

    static final class CountingCoMap extends RichCoMapFunction<Long, Long, Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public Long map1(Long value) {
            calls.inc();
            return value;
        }

        @Override
        public Long map2(Long value) {
            calls.inc();
            return value;
        }
    }

    static final class CountingCoFlatMap extends RichCoFlatMapFunction<Long, Long, Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public void flatMap1(Long value, Collector<Long> out) {
            calls.inc();
        }

        @Override
        public void flatMap2(Long value, Collector<Long> out) {
            calls.inc();
        }
    }

    static final class CountingExtractor extends RichDoubleExtractor<Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this); // through the rolling aggregate, or minBy's reducer, around it
        }

        @Override
        public double extract(Long value) {
            calls.inc();
            return value;
        }
    }

    static final class CountingProcess extends ProcessFunction<Long, Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            calls.inc();
            out.collect(value);
        }
    }

    static final class CountingKeyedProcess extends KeyedProcessFunction<Long, Long, Long> {
        private transient Counter calls;

        @Override
        public void open(RuntimeContext ctx) {
            calls = calls(this);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            calls.inc();
            out.collect(value);
        }
    }

    @Test
    void everyKindOfFunctionHasItsContextIncludingThoseWrappedByTheApi() throws Exception {
        long n = 3_000;
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(ExecutionOptions.WORKERS, 2);
        DataStream<Long> numbers = env.fromSequence(1, n);
        DataStream<Long> flat = numbers.flatMap(new CountingFlatMap()).name("flatMap");
        DataStream<Long> even = flat.filter(new CountingFilter()).name("filter");
        DataStream<Long> processed = even.process(new CountingProcess()).name("process");
        processed.keyBy(v -> v % KEYS).process(new CountingKeyedProcess()).name("keyedProcess")
                .sinkTo(new DiscardSink<>());
        processed.keyBy(v -> v % KEYS).reduce(new CountingReduce()).name("reduce").sinkTo(new DiscardSink<>());
        processed.keyBy(v -> v % KEYS).countWindow(10).aggregate(new CountingAggregate()).name("aggregate")
                .sinkTo(new DiscardSink<>());
        processed.keyBy(v -> v % KEYS).countWindow(10).process(new CountingWindow()).name("window")
                .sinkTo(new DiscardSink<>());
        processed.keyBy(v -> v % KEYS).sum(new CountingExtractor()).name("sum").sinkTo(new DiscardSink<>());
        processed.keyBy(v -> v % KEYS).maxBy(new CountingExtractor()).name("maxBy").sinkTo(new DiscardSink<>());
        processed.countWindowAll(10).process(new CountingAllWindow()).name("windowAll").sinkTo(new DiscardSink<>());
        numbers.connect(processed).map(new CountingCoMap()).name("coMap").sinkTo(new DiscardSink<>());
        numbers.connect(processed).flatMap(new CountingCoFlatMap()).name("coFlatMap").sinkTo(new DiscardSink<>());
        JobResult result = env.execute("rich-everywhere");
        JobMetrics m = result.metrics();

        long multiplesOf3 = n / 3;
        long flatOut = n + multiplesOf3;
        long evens = LongStream.rangeClosed(1, n).filter(v -> v % 2 == 0).count()
                + LongStream.rangeClosed(1, n).filter(v -> v % 3 == 0).map(v -> v + 1_000_000)
                .filter(v -> v % 2 == 0).count();
        long distinctKeys = LongStream.rangeClosed(1, n).flatMap(v -> v % 3 == 0 ? LongStream.of(v, v + 1_000_000)
                : LongStream.of(v)).filter(v -> v % 2 == 0).map(v -> v % KEYS).distinct().count();
        assertThat(m.userCounter("flatMap", "calls")).isEqualTo(n);
        assertThat(m.recordsOut("flatMap")).isEqualTo(flatOut);
        assertThat(m.userCounter("filter", "calls")).isEqualTo(flatOut);
        assertThat(m.recordsOut("filter")).isEqualTo(evens);
        assertThat(m.userCounter("process", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("keyedProcess", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("reduce", "calls")).as("the first value of a key is not reduced")
                .isEqualTo(evens - distinctKeys);
        assertThat(m.userCounter("aggregate", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("sum", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("maxBy", "calls")).as("two values compared per reduce")
                .isEqualTo(2 * (evens - distinctKeys));
        assertThat(m.userCounter("window", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("windowAll", "calls")).isEqualTo(evens);
        assertThat(m.userCounter("coMap", "calls")).isEqualTo(n + evens);
        assertThat(m.userCounter("coFlatMap", "calls")).isEqualTo(n + evens);
    }

    /** Registers a metric under a name it may not have. */
    static final class BadlyNamed extends RichMapFunction<Long, Long> {
        private final String name;
        private final boolean twice;

        BadlyNamed(String name, boolean twice) {
            this.name = name;
            this.twice = twice;
        }

        @Override
        public void open(RuntimeContext ctx) {
            getRuntimeContext().getMetricGroup().counter(name);
            if (twice) {
                getRuntimeContext().getMetricGroup().meter(name);
            }
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    @Test
    void aMalformedOrRepeatedMetricNameFailsTheJobNamingTheOperator() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, 10).map(new BadlyNamed("records seen", false)).name("parse").sinkTo(new DiscardSink<>());
        assertThatThrownBy(() -> env.execute("bad-name"))
                .isInstanceOf(JobFailedException.class)
                .hasStackTraceContaining("the counter name 'records seen' in operator 'parse' (subtask 1/1)"
                        + " is not valid; use 1 to 100 letters, digits, '_' or '-'");

        StreamEnvironment again = StreamEnvironment.create().setParallelism(1);
        again.fromSequence(1, 10).map(new BadlyNamed("seen", true)).name("parse").sinkTo(new DiscardSink<>());
        assertThatThrownBy(() -> again.execute("repeated-name"))
                .isInstanceOf(JobFailedException.class)
                .hasStackTraceContaining("a metric named 'seen' is already registered in operator 'parse'"
                        + " (subtask 1/1)");
    }
}
