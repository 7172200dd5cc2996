package io.sluice.runtime.testing;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** State time-to-live in a keyed function runs on the task's processing-time clock (here, the harness's). */
class StateTtlHarnessTest {

    /** Counts events per key; a key silent for 100 ms starts again at 1. */
    static final class CountWithExpiry extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext context) {
            ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("count", Long.class);
            d.enableTimeToLive(StateTtlConfig.of(Duration.ofMillis(100)));
            count = context.getState(d);
        }

        @Override
        public void processElement(String key, Context ctx, Collector<String> out) throws Exception {
            Long c = count.value();
            long next = c == null ? 1 : c + 1;
            count.update(next);
            out.collect(key + "=" + next);
        }
    }

    @Test
    void aKeySilentForLongerThanItsTimeToLiveStartsAfresh() throws Exception {
        try (OperatorHarness<String, String> h = OperatorHarness.forKeyedProcess(k -> k, new CountWithExpiry())) {
            h.setProcessingTime(1_000);
            h.open();
            h.processElement("a");
            h.processElement("b");
            h.setProcessingTime(1_050);
            h.processElement("a");
            h.setProcessingTime(1_149);
            h.processElement("a"); // 99 ms after its last write
            h.processElement("b"); // 149 ms: expired
            h.setProcessingTime(1_300);
            h.processElement("a");

            assertThat(h.output()).containsExactly("a=1", "b=1", "a=2", "a=3", "b=1", "a=1");
        }
    }
}
