package io.sluice.runtime.task;

import io.sluice.api.functions.MapFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.runtime.operators.MapOperator;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TimestampsAndWatermarksOperator;
import io.sluice.api.time.WatermarkStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChainSpecializerTest {

    private static final Class<?>[] MAP_CTOR = {MapFunction.class};

    @Test
    void shouldGiveEachSlotItsOwnHiddenCopyOfTheClass() {
        MapFunction<Long, Long> f = x -> x + 1;
        StreamOperator<?, ?> a = ChainSpecializer.newInstance("t#0/0", MapOperator.class, StreamOperator.class, MAP_CTOR, f);
        StreamOperator<?, ?> b = ChainSpecializer.newInstance("t#1/0", MapOperator.class, StreamOperator.class, MAP_CTOR, f);
        StreamOperator<?, ?> again = ChainSpecializer.newInstance("t#0/0", MapOperator.class, StreamOperator.class,
                MAP_CTOR, f);

        assertThat(a.getClass().isHidden()).isTrue();
        assertThat(a.getClass().getName()).startsWith(MapOperator.class.getName() + "/");
        assertThat(a.getClass()).isNotSameAs(b.getClass()).isNotSameAs(MapOperator.class);
        assertThat(a.getClass().getSuperclass()).isSameAs(MapOperator.class.getSuperclass());
        assertThat(again).isNotSameAs(a);
        assertThat(again.getClass()).as("the same slot reuses its compiled copy").isSameAs(a.getClass());
    }

    @Test
    void shouldUseTheSharedClassWhenDisabled() {
        MapFunction<Long, Long> f = x -> x + 1;
        StreamOperator<?, ?> op = ChainSpecializer.newInstance(null, MapOperator.class, StreamOperator.class, MAP_CTOR, f);

        assertThat(op.getClass()).isSameAs(MapOperator.class);
    }

    @Test
    void shouldLeaveClassesOutsideTheListShared() {
        StreamOperator<?, ?> op = OperatorFactory.create(new OperatorSpec.Watermarks<>(WatermarkStrategy.noWatermarks()), "t#2/0");

        assertThat(op.getClass()).isSameAs(TimestampsAndWatermarksOperator.class);
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void shouldBehaveLikeTheOriginal() throws Exception {
        MapFunction<Long, Long> f = x -> x * 10;
        StreamOperator<Long, Long> copy = (StreamOperator<Long, Long>) ChainSpecializer.newInstance(
                "t#3/0", MapOperator.class, StreamOperator.class, MAP_CTOR, f);
        List<Long> seen = new ArrayList<>();
        List<Long> stamps = new ArrayList<>();
        copy.setup(null, (Output) new Output<Long>() {
            @Override
            public void collect(Long value, long timestamp) {
                seen.add(value);
                stamps.add(timestamp);
            }

            @Override
            public <X> void collect(io.sluice.api.OutputTag<X> tag, X value, long timestamp) {
            }
        });

        copy.processElement(4L, 99L);

        assertThat(seen).containsExactly(40L);
        assertThat(stamps).containsExactly(99L);
    }
}
