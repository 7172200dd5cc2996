package io.sluice.api;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessAllWindowFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.internal.ProcessAllWindowAdapter;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.CountEvictor;
import io.sluice.api.windowing.CountTrigger;
import io.sluice.api.windowing.GlobalWindow;
import io.sluice.api.windowing.GlobalWindows;
import io.sluice.api.windowing.PurgingTrigger;
import io.sluice.api.windowing.TimeEvictor;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How evictors, countWindow(size, slide), windowAll and the accumulator serializer overloads build a job. */
class WindowBuildingTest {

    private final StreamEnvironment env = StreamEnvironment.create().setParallelism(4);

    private DataStream<Long> numbers() {
        return env.fromElements(1L, 2L, 3L).returns(Long.class);
    }

    private static OperatorSpec.KeyedWindow<?, ?, ?> specOf(DataStream<?> stream) {
        return (OperatorSpec.KeyedWindow<?, ?, ?>) ((OneInputTransformation<?, ?>) stream.transformation()).spec();
    }

    /** Collects the elements of a window into a list: an accumulator whose type inference cannot see. */
    static final class ToList implements AggregateFunction<Long, List<Long>, List<Long>> {
        @Override
        public List<Long> createAccumulator() {
            return new ArrayList<>();
        }

        @Override
        public List<Long> add(Long value, List<Long> acc) {
            acc.add(value);
            return acc;
        }

        @Override
        public List<Long> getResult(List<Long> acc) {
            return acc;
        }

        @Override
        public List<Long> merge(List<Long> a, List<Long> b) {
            a.addAll(b);
            return a;
        }
    }

    static final class Size extends ProcessWindowFunction<List<Long>, Integer, Long, TimeWindow> {
        @Override
        public void process(Long key, Context context, Iterable<List<Long>> elements, Collector<Integer> out) {
            out.collect(elements.iterator().next().size());
        }
    }

    @Test
    void shouldDeclareTheAccumulatorSerializerOfAnAggregateWithAWindowFunction() {
        TypeSerializer<List<Long>> lists = Serializers.listOf(Serializers.LONG);
        DataStream<Integer> out = numbers()
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((v, ts) -> v))
                .keyBy(v -> v % 2)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10)))
                .aggregate(new ToList(), lists, new Size());

        assertThat(specOf(out).accumulatorSerializer()).isSameAs(lists);
        assertThat(specOf(out).windowFunction()).isInstanceOf(Size.class);
        assertThat(specOf(out).evictor()).isNull();
    }

    @Test
    void shouldKeepTheElementsOfAnEvictingWindowWithTheirOwnSerializer() {
        DataStream<Long> out = numbers().keyBy(v -> v % 2)
                .window(GlobalWindows.create())
                .trigger(CountTrigger.of(2))
                .evictor(TimeEvictor.of(Duration.ofSeconds(1)))
                .aggregate(new AggregateFunction<Long, long[], Long>() {
                    @Override
                    public long[] createAccumulator() {
                        return new long[1];
                    }

                    @Override
                    public long[] add(Long value, long[] acc) {
                        acc[0] += value;
                        return acc;
                    }

                    @Override
                    public Long getResult(long[] acc) {
                        return acc[0];
                    }

                    @Override
                    public long[] merge(long[] a, long[] b) {
                        return new long[] {a[0] + b[0]};
                    }
                });

        assertThat(specOf(out).evictor()).isInstanceOf(TimeEvictor.class);
        assertThat(specOf(out).accumulatorSerializer()).as("the evicting window stores elements, not accumulators")
                .isSameAs(Serializers.LONG);
        assertThat(specOf(out).userObjects()).contains(specOf(out).evictor());
        assertThat(out.transformation().name()).isEqualTo("window-aggregate-evicting");
    }

    @Test
    void shouldBuildASlidingCountWindowAsACountTriggerWithACountEvictor() {
        DataStream<Long> out = numbers().keyBy(v -> v % 2).countWindow(10, 3).reduce(Long::sum);

        OperatorSpec.KeyedWindow<?, ?, ?> spec = specOf(out);
        assertThat(spec.assigner()).isInstanceOf(GlobalWindows.class);
        assertThat(spec.trigger()).isInstanceOf(CountTrigger.class).hasToString("CountTrigger(3)");
        assertThat(spec.evictor()).isInstanceOf(CountEvictor.class).hasToString("CountEvictor(10)");
        assertThatThrownBy(() -> numbers().keyBy(v -> v).countWindow(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("count window size and slide must be positive, got size 0 and slide 1");
    }

    @Test
    void shouldRunWindowAllWithParallelismOneUnderOneKey() {
        ProcessAllWindowFunction<Long, String, GlobalWindow> all = new ProcessAllWindowFunction<>() {
            @Override
            public void process(Context context, Iterable<Long> elements, Collector<String> out) {
                out.collect(String.valueOf(elements));
            }
        };
        DataStream<String> out = numbers().countWindowAll(5).process(all);

        OperatorSpec.KeyedWindow<?, ?, ?> spec = specOf(out);
        assertThat(out.transformation().parallelism()).isEqualTo(1);
        assertThat(out.transformation().name()).isEqualTo("window-all-process");
        assertThat(spec.trigger()).isInstanceOf(PurgingTrigger.class);
        assertThat(spec.windowFunction()).isInstanceOf(ProcessAllWindowAdapter.class);
        assertThat(((ProcessAllWindowAdapter<?, ?, ?>) spec.windowFunction()).function()).isSameAs(all);
        PartitionTransformation<?> keyBy = (PartitionTransformation<?>) out.transformation().inputs().get(0);
        assertThat(keyBy.partitioning()).isEqualTo(PartitionTransformation.Partitioning.HASH);

        DataStream<Long> sliding = numbers().countWindowAll(5, 2).reduce(Long::sum);
        assertThat(specOf(sliding).evictor()).hasToString("CountEvictor(5)");
        assertThat(sliding.transformation().parallelism()).isEqualTo(1);
        assertThat(sliding.transformation().name()).isEqualTo("window-all-reduce-evicting");
    }

    @Test
    void shouldRefuseAnEventTimeWindowAllWithoutWatermarks() {
        assertThatThrownBy(() -> numbers().windowAll(TumblingEventTimeWindows.of(Duration.ofSeconds(1))))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("has no watermarks upstream");
    }
}
