package io.sluice.runtime.operators.window;

import io.sluice.api.JobFailedException;
import io.sluice.api.JobResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowMetricsAndErrorsTest implements java.io.Serializable {

    /** Watermark = the element's own timestamp, emitted as each element passes. */
    static final class EveryElement implements WatermarkGenerator<Long> {
        @Override
        public void onEvent(Long event, long ts, WatermarkOutput out) {
            out.emitWatermark(ts);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput out) {
        }
    }

    @Test
    void shouldCountLateRecordsDroppedWithoutASideOutput() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        // 100 ms windows; after 250 arrives, 10, 20 and 199 are too late; 260 is on time
        env.fromElements(5L, 150L, 250L, 10L, 20L, 199L, 260L)
                .assignTimestampsAndWatermarks(WatermarkStrategy.forGenerator(EveryElement::new)
                        .withTimestampAssigner((v, ts) -> v))
                .keyBy(v -> 0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .reduce(Long::sum).name("sum")
                .sinkTo(sink);
        JobResult result = env.execute();
        assertThat(sink.values()).containsExactly(5L, 150L, 510L);
        List<OperatorMetrics> sum = result.metrics().tasks().stream().flatMap(t -> t.operators().stream())
                .filter(o -> o.operator().equals("sum")).toList();
        assertThat(sum).hasSize(1);
        assertThat(sum.get(0).recordsDropped()).isEqualTo(3);
        assertThat(sum.get(0).recordsIn()).isEqualTo(7);
    }

    @Test
    void shouldRefuseRecordsWithoutTimestampsInEventTimeWindows() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromElements(1L, 2L, 3L)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()) // no assigner
                .keyBy(v -> 0)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .reduce(Long::sum).name("sum")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(env::execute)
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("operator 'sum' (subtask 1/1)")
                .hasMessageContaining("without a timestamp; give the source a timestamp assigner");
    }
}
