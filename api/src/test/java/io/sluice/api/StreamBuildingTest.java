package io.sluice.api;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.SideOutputTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.internal.CollectionSource;
import io.sluice.api.internal.FieldAggregator;
import io.sluice.api.internal.RollingExtractorAggregate;
import io.sluice.api.internal.RollingReduce;
import io.sluice.api.serialization.SerializationException;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.NeverTrigger;
import io.sluice.api.windowing.ProcessingTimeSessionWindows;
import io.sluice.api.windowing.ProcessingTimeTrigger;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.SlidingProcessingTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.TumblingProcessingTimeWindows;
import io.sluice.api.windowing.WindowAssigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.sluice.api.TestJobs.discard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks the API makes while a job is being built, at the call that makes the mistake. */
class StreamBuildingTest {

    record Click(String user, long time, int count) {
    }

    private final StreamEnvironment env = StreamEnvironment.create().setParallelism(2);

    private DataStream<Click> clicks() {
        return env.fromElements(new Click("ann", 1_000, 1), new Click("bob", 2_000, 2));
    }

    private static WatermarkStrategy<Click> clickTime() {
        return WatermarkStrategy.<Click>forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withTimestampAssigner((c, ts) -> c.time());
    }

    private static OperatorSpec specOf(DataStream<?> stream) {
        return ((OneInputTransformation<?, ?>) stream.transformation()).spec();
    }

    // ---- event time needs watermarks -------------------------------------------------------------

    @Test
    void shouldRefuseAnEventTimeWindowWithoutWatermarksUpstreamAtTheWindowCall() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);

        assertThatThrownBy(() -> keyed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(5))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("event-time window TumblingEventTimeWindows(5000 ms) after 'collection' has no watermarks"
                        + " upstream, so it would never fire before the end of input; give the source a"
                        + " WatermarkStrategy or call assignTimestampsAndWatermarks(...) before keyBy");
    }

    @Test
    void shouldRefuseEveryKindOfEventTimeWindowWithoutWatermarks() {
        KeyedStream<String, Click> keyed = clicks().map(c -> c).name("parse").keyBy(Click::user);

        assertThatThrownBy(() -> keyed.window(SlidingEventTimeWindows.of(Duration.ofSeconds(10),
                Duration.ofSeconds(5))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("event-time window SlidingEventTimeWindows(10000 ms, slide 5000 ms)"
                        + " after 'parse' has no watermarks upstream");
        assertThatThrownBy(() -> keyed.window(EventTimeSessionWindows.withGap(Duration.ofMinutes(1))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("event-time window EventTimeSessionWindows(gap 60000 ms) after 'parse'");
    }

    @Test
    void shouldRefuseAnEventTimeWindowAfterAStrategyWithoutWatermarks() {
        KeyedStream<String, Click> keyed = clicks().assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks())
                .keyBy(Click::user);

        assertThatThrownBy(() -> keyed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(5))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("after 'timestamps-watermarks' has no watermarks upstream");
    }

    @Test
    void shouldAcceptAnEventTimeWindowAfterAssignTimestampsAndWatermarks() {
        TumblingEventTimeWindows<Object> assigner = TumblingEventTimeWindows.of(Duration.ofSeconds(5));

        DataStream<Click> sums = clicks().assignTimestampsAndWatermarks(clickTime())
                .map(c -> c)
                .keyBy(Click::user)
                .window(assigner)
                .reduce((a, b) -> new Click(a.user(), b.time(), a.count() + b.count()));

        OperatorSpec.KeyedWindow<?, ?, ?> spec = (OperatorSpec.KeyedWindow<?, ?, ?>) specOf(sums);
        assertThat(spec.assigner()).isSameAs(assigner);
        assertThat(spec.trigger()).isSameAs(EventTimeTrigger.create());
        assertThat(sums.transformation().name()).isEqualTo("window-reduce");
    }

    @Test
    void shouldAcceptAnEventTimeWindowAfterASourceWithAWatermarkStrategy() {
        DataStream<Click> source = env.fromSource(new CollectionSource<>(List.of(new Click("ann", 5, 1))),
                clickTime(), "clicks");

        WindowedStream<Click, String, TimeWindow> windowed = source.keyBy(Click::user)
                .window(SlidingEventTimeWindows.of(Duration.ofSeconds(10), Duration.ofSeconds(5)));
        DataStream<Click> out = windowed.reduce((a, b) -> a);

        assertThat(((OperatorSpec.KeyedWindow<?, ?, ?>) specOf(out)).assigner())
                .isInstanceOf(SlidingEventTimeWindows.class);
    }

    @Test
    void shouldRequireWatermarksOnEveryInputOfAUnion() {
        DataStream<Click> withTime = clicks().assignTimestampsAndWatermarks(clickTime());
        DataStream<Click> withoutTime = clicks();
        DataStream<Click> alsoWithTime = clicks().assignTimestampsAndWatermarks(clickTime());

        KeyedStream<String, Click> mixed = withTime.union(withoutTime).keyBy(Click::user);
        KeyedStream<String, Click> timed = withTime.union(alsoWithTime).keyBy(Click::user);

        assertThatThrownBy(() -> mixed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("after 'union' has no watermarks upstream");
        assertThat(timed.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1))).reduce((a, b) -> a)
                .transformation().name()).isEqualTo("window-reduce");
    }

    @Test
    void shouldAcceptProcessingTimeAndGlobalWindowsWithoutWatermarks() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);
        List<WindowAssigner<Object, ?>> assigners = List.of(
                TumblingProcessingTimeWindows.of(Duration.ofSeconds(1)),
                SlidingProcessingTimeWindows.of(Duration.ofSeconds(2), Duration.ofSeconds(1)),
                ProcessingTimeSessionWindows.withGap(Duration.ofSeconds(3)),
                GlobalWindows.create());

        for (WindowAssigner<Object, ?> assigner : assigners) {
            DataStream<Click> out = keyed.window(assigner).reduce((a, b) -> a);
            OperatorSpec.KeyedWindow<?, ?, ?> spec = (OperatorSpec.KeyedWindow<?, ?, ?>) specOf(out);

            assertThat(spec.assigner()).as("%s", assigner).isSameAs(assigner);
            assertThat(spec.trigger()).as("%s", assigner)
                    .isSameAs(assigner instanceof GlobalWindows ? NeverTrigger.create() : ProcessingTimeTrigger.create());
        }
    }

    @Test
    void shouldBuildACountWindowAsAGlobalWindowWithAPurgingCountTrigger() {
        DataStream<Click> out = clicks().keyBy(Click::user).countWindow(3).reduce((a, b) -> b);

        OperatorSpec.KeyedWindow<?, ?, ?> spec = (OperatorSpec.KeyedWindow<?, ?, ?>) specOf(out);
        assertThat(spec.assigner()).isInstanceOf(GlobalWindows.class);
        assertThat(spec.trigger()).isInstanceOf(PurgingTrigger.class);
        assertThatThrownBy(() -> clicks().keyBy(Click::user).countWindow(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trigger count must be positive, got 0");
    }

    @Test
    void shouldRefuseAllowedLatenessOnProcessingTimeWindowsAndNegativeLateness() {
        WindowedStream<Click, String, TimeWindow> processing = clicks().keyBy(Click::user)
                .window(TumblingProcessingTimeWindows.of(Duration.ofSeconds(1)));
        WindowedStream<Click, String, TimeWindow> eventTime = clicks().assignTimestampsAndWatermarks(clickTime())
                .keyBy(Click::user).window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));

        assertThatThrownBy(() -> processing.allowedLateness(Duration.ofSeconds(1)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("allowed lateness applies to event-time windows only, not to"
                        + " TumblingProcessingTimeWindows(1000 ms)");
        assertThatThrownBy(() -> eventTime.allowedLateness(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowed lateness must not be negative: PT-0.001S");
        OutputTag<Click> late = new OutputTag<>("late");
        DataStream<Click> out = eventTime.allowedLateness(Duration.ofSeconds(2)).sideOutputLateData(late)
                .reduce((a, b) -> a);
        OperatorSpec.KeyedWindow<?, ?, ?> spec = (OperatorSpec.KeyedWindow<?, ?, ?>) specOf(out);
        assertThat(spec.allowedLatenessMs()).isEqualTo(2000);
        assertThat(spec.lateDataTag()).isEqualTo(late);
    }

    // ---- timers need a keyed stream --------------------------------------------------------------

    static class TimerFunction extends ProcessFunction<Click, String> {
        @Override
        public void processElement(Click value, Context ctx, Collector<String> out) {
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        }
    }

    /** Overrides onTimer through its superclass. */
    static class InheritedTimerFunction extends TimerFunction {
    }

    static class PlainFunction extends ProcessFunction<Click, String> {
        @Override
        public void processElement(Click value, Context ctx, Collector<String> out) {
            out.collect(value.user());
        }
    }

    @Test
    void shouldRefuseANonKeyedProcessFunctionThatOverridesOnTimerAtTheProcessCall() {
        DataStream<Click> stream = clicks();

        assertThatThrownBy(() -> stream.process(new TimerFunction()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("the ProcessFunction " + TimerFunction.class.getName() + " applied to 'collection'"
                        + " overrides onTimer, but timers need a keyed stream: call keyBy(...) first and use a"
                        + " KeyedProcessFunction");
        assertThatThrownBy(() -> stream.process(new InheritedTimerFunction()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("the ProcessFunction " + InheritedTimerFunction.class.getName());
        assertThatThrownBy(() -> stream.rebalance().process(new ProcessFunction<Click, String>() {
            @Override
            public void processElement(Click value, Context ctx, Collector<String> out) {
            }

            @Override
            public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            }
        })).isInstanceOf(InvalidJobException.class).hasMessageContaining("applied to 'collection' overrides onTimer");
        assertThat(env.transformations()).extracting(Transformation::name).doesNotContain("process");
    }

    @Test
    void shouldAcceptANonKeyedProcessFunctionWithoutTimers() {
        PlainFunction function = new PlainFunction();

        DataStream<String> out = clicks().process(function);

        assertThat(specOf(out)).isEqualTo(new OperatorSpec.Process<>(function));
    }

    // ---- configuring operators, not partitions ---------------------------------------------------

    @Test
    void shouldRefuseConfiguringAKeyByStreamAsIfItWereAnOperator() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);

        assertThatThrownBy(() -> keyed.name("by-user"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("name() applies to operators, but this stream comes from 'hash', which is not one;"
                        + " call it right after the operator");
        assertThatThrownBy(() -> keyed.setParallelism(4))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("setParallelism() applies to operators, but this stream comes from 'hash'");
        assertThatThrownBy(() -> keyed.uid("u"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("uid() applies to operators");
        assertThatThrownBy(() -> keyed.disableChaining())
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("disableChaining() applies to operators");
        assertThat(keyed.transformation().name()).isEqualTo("hash");
        assertThat(keyed.transformation().parallelism()).isEqualTo(Transformation.DEFAULT_PARALLELISM);
    }

    @Test
    void shouldRefuseConfiguringARebalanceOrUnionStream() {
        assertThatThrownBy(() -> clicks().rebalance().setParallelism(3))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("setParallelism() applies to operators, but this stream comes from"
                        + " 'rebalance'");
        assertThatThrownBy(() -> clicks().union(clicks()).name("both"))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("name() applies to operators, but this stream comes from 'union'");
    }

    @Test
    void shouldConfigureTheOperatorBehindAStream() {
        DataStream<Click> mapped = clicks().map(c -> c).name("enrich").uid("enrich-v1").setParallelism(3)
                .disableChaining();

        Transformation<Click> t = mapped.transformation();
        assertThat(t.name()).isEqualTo("enrich");
        assertThat(t.uid()).isEqualTo("enrich-v1");
        assertThat(t.parallelism()).isEqualTo(3);
        assertThat(t.chainingDisabled()).isTrue();
        assertThatThrownBy(() -> mapped.setParallelism(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism of operator 'enrich' must be at least 1, got 0");
        assertThatThrownBy(() -> mapped.name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("operator name must not be empty");
    }

    @Test
    void shouldRefuseASideOutputOfAPartitionAndAcceptOneOfAnOperator() {
        OutputTag<String> tag = new OutputTag<>("rejects");
        DataStream<Click> keyed = clicks().keyBy(Click::user);

        assertThatThrownBy(() -> keyed.getSideOutput(tag))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("getSideOutput(rejects) must be called on the stream of the operator that emits it,"
                        + " not on 'hash'");
        DataStream<Click> processed = clicks().map(c -> c);
        DataStream<String> side = processed.getSideOutput(tag);
        assertThat(side.transformation()).isInstanceOf(SideOutputTransformation.class);
        assertThat(side.transformation().name()).isEqualTo("side-output:rejects");
        assertThat(side.transformation().inputs()).containsExactly(processed.transformation());
    }

    @Test
    void shouldRefuseAUnionOfStreamsFromDifferentEnvironments() {
        DataStream<Long> other = StreamEnvironment.create().fromElements(1L);

        assertThatThrownBy(() -> env.fromElements(2L).union(other))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("union of streams from different environments");
    }

    @Test
    void shouldRefuseInvalidEnvironmentParallelism() {
        assertThatThrownBy(() -> env.setParallelism(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be at least 1, got 0");
        assertThatThrownBy(() -> env.setMaxParallelism(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> env.setMaxParallelism(32769))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxParallelism must be in [1, 32768], got 32769");
        assertThat(env.setMaxParallelism(32768).maxParallelism()).isEqualTo(32768);
        assertThat(env.parallelism()).isEqualTo(2);
    }

    // ---- sources ---------------------------------------------------------------------------------

    @Test
    void shouldReadElementsWithParallelismOneAndSequencesWithTheDefault() {
        DataStream<Long> elements = env.fromElements(1L, 2L);
        DataStream<Long> sequence = env.fromSequence(1, 5);

        assertThat(elements.transformation().parallelism()).isEqualTo(1);
        assertThat(elements.transformation().name()).isEqualTo("collection");
        assertThat(sequence.transformation().parallelism()).isEqualTo(Transformation.DEFAULT_PARALLELISM);
        assertThat(sequence.transformation().name()).isEqualTo("sequence");
        assertThat(env.transformations()).extracting(Transformation::id).containsExactly(0, 1);
    }

    // ---- declared types --------------------------------------------------------------------------

    @Test
    void shouldKeepTheDeclaredTypeThroughKeyBy() {
        KeyedStream<Long, Long> keyed = env.fromElements(1L, 2L).returns(Long.class).keyBy(x -> x % 2);

        DataStream<Long> windowed = keyed.window(GlobalWindows.create()).reduce(Long::sum);

        assertThat(keyed.transformation().outputSerializer()).isSameAs(Serializers.LONG);
        assertThat(((OperatorSpec.KeyedWindow<?, ?, ?>) specOf(windowed)).accumulatorSerializer())
                .isSameAs(Serializers.LONG);
    }

    @Test
    void shouldKeepTheDeclaredTypeThroughRebalanceAndUnion() {
        DataStream<Long> a = env.fromElements(1L).returns(Long.class);
        DataStream<Long> b = env.fromElements(2L);

        assertThat(a.rebalance().transformation().outputSerializer()).isSameAs(Serializers.LONG);
        assertThat(b.union(a).transformation().outputSerializer()).isSameAs(Serializers.LONG);
        assertThat(b.union(b).transformation().outputSerializer()).isNull();
    }

    @Test
    void shouldUseAnUndeclaredSerializerForWindowStateWhenNoTypeWasDeclared() {
        DataStream<Click> windowed = clicks().keyBy(Click::user).countWindow(2).reduce((x, y) -> y);

        assertThat(((OperatorSpec.KeyedWindow<?, ?, ?>) specOf(windowed)).accumulatorSerializer().typeName())
                .isEqualTo("undeclared type of the elements of the window");
    }

    @Test
    void shouldRefuseDeclaringATypeWithoutSerializer() {
        DataStream<Object> objects = env.fromElements(new Object());

        assertThatThrownBy(() -> objects.returns(Object.class))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("no serializer for type java.lang.Object");
    }

    // ---- rolling aggregates ----------------------------------------------------------------------

    @Test
    void shouldNameFieldAggregatesAfterTheirField() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);

        DataStream<Click> sum = keyed.sum("count");
        DataStream<Click> min = keyed.min("time");
        DataStream<Click> max = keyed.max("count");

        assertThat(sum.transformation().name()).isEqualTo("sum(count)");
        assertThat(min.transformation().name()).isEqualTo("min(time)");
        assertThat(max.transformation().name()).isEqualTo("max(count)");
        assertThat(((OperatorSpec.KeyedProcess<?, ?, ?>) specOf(sum)).function()).isInstanceOf(RollingReduce.class);
        assertThat(specOf(sum).isKeyed()).isTrue();
    }

    @Test
    void shouldRefuseAFieldAggregateWithoutFieldName() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);

        assertThatThrownBy(() -> keyed.sum(""))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("field name must not be empty");
        assertThat(FieldAggregator.sum("count")).isNotNull();
    }

    @Test
    void shouldBuildExtractorAggregatesFromPlainLambdasAndMethodReferences() {
        KeyedStream<String, Click> keyed = clicks().keyBy(Click::user);

        DataStream<KeyedValue<String, Double>> sums = keyed.sum(Click::count);
        DataStream<KeyedValue<String, Double>> mins = keyed.min(c -> c.time() / 1000.0);
        DataStream<KeyedValue<String, Double>> maxs = keyed.max(c -> c.count());

        assertThat(sums.transformation().name()).isEqualTo("sum");
        assertThat(mins.transformation().name()).isEqualTo("min");
        assertThat(maxs.transformation().name()).isEqualTo("max");
        assertThat(((OperatorSpec.KeyedProcess<?, ?, ?>) specOf(sums)).function())
                .isInstanceOf(RollingExtractorAggregate.class);
        assertThat(specOf(maxs).isKeyed()).isTrue();
    }

    @Test
    void shouldRefuseAnExtractorCapturingANonSerializableObjectNamingItsOperator() {
        Thread owner = Thread.currentThread();
        clicks().keyBy(Click::user).max(c -> c.count() * owner.getPriority()).sinkTo(discard());

        assertThatThrownBy(() -> io.sluice.api.internal.JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("of operator 'max' cannot be copied")
                .hasMessageContaining("java.lang.Thread is not serializable");
    }

    @Test
    void shouldRecordAProcessWindowFunctionAfterAnAggregate() {
        ProcessWindowFunction<Click, String, String, GlobalWindow> describe =
                new ProcessWindowFunction<>() {
                    @Override
                    public void process(String key, Context context, Iterable<Click> elements, Collector<String> out) {
                        out.collect(key);
                    }
                };

        DataStream<String> out = clicks().keyBy(Click::user).window(GlobalWindows.create())
                .trigger(CountTrigger.of(2)).process(describe);

        OperatorSpec.KeyedWindow<?, ?, ?> spec = (OperatorSpec.KeyedWindow<?, ?, ?>) specOf(out);
        assertThat(spec.windowFunction()).isSameAs(describe);
        assertThat(spec.reduce()).isNull();
        assertThat(spec.aggregate()).isNull();
        assertThat(spec.trigger()).isInstanceOf(CountTrigger.class);
        assertThat(spec.userObjects()).hasSize(4).contains(describe);
        assertThat(out.transformation().name()).isEqualTo("window-process");
    }
}
