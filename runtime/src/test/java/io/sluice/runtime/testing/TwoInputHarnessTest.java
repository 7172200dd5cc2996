package io.sluice.runtime.testing;

import io.sluice.api.functions.CoFlatMapFunction;
import io.sluice.api.functions.CoMapFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operator harness drives two-input operators: input 2 through processElement2. */
class TwoInputHarnessTest {

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

    @Test
    void shouldSendEachInputToItsOwnMethod() throws Exception {
        try (OperatorHarness<Long, String> h = OperatorHarness.forCoMap(new Tag())) {
            h.processElement(1L, 10);
            h.processElement2("x", 20);
            h.processElement(2L);
            assertThat(h.outputWithTimestamps()).containsExactly(new StreamRecord<>("a1", 10),
                    new StreamRecord<>("bx", 20), new StreamRecord<>("a2", StreamRecord.NO_TIMESTAMP));
        }
    }

    @Test
    void shouldRefuseASecondInputOnAOneInputOperator() throws Exception {
        try (OperatorHarness<Long, Long> h = OperatorHarness.forMap(v -> v)) {
            assertThatThrownBy(() -> h.processElement2("x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("applies to two-input operators");
        }
    }

    /** Rules (input 2) set a per-key limit; events (input 1) over it alert when the event-time timer fires. */
    static final class Limit extends KeyedCoProcessFunction<String, String, String, String> {
        private transient ValueState<Long> limit;
        private transient ValueState<String> pending;

        @Override
        public void open(RuntimeContext ctx) {
            limit = ctx.getState(new ValueStateDescriptor<>("limit", Long.class));
            pending = ctx.getState(new ValueStateDescriptor<>("pending", String.class));
        }

        @Override
        public void processElement1(String event, Context ctx, Collector<String> out) {
            pending.update(event);
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }

        @Override
        public void processElement2(String rule, Context ctx, Collector<String> out) {
            limit.update(Long.parseLong(rule.split("=")[1]));
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            long amount = Long.parseLong(pending.value().split("=")[1]);
            out.collect(ctx.getCurrentKey() + (limit.value() != null && amount > limit.value() ? " alert" : " ok"));
            pending.clear();
        }
    }

    @Test
    void shouldShareKeyedStateAndTimersBetweenBothInputs() throws Exception {
        try (OperatorHarness<String, String> h = OperatorHarness.forKeyedCoProcess(
                (String e) -> e.split("=")[0], (String r) -> r.split("=")[0], new Limit())) {
            h.processElement("ann=50", 5);
            h.processElement2("ann=10", 3);
            h.processElement("bob=50", 6);
            h.processWatermark(6);
            assertThat(h.output()).containsExactly("ann alert", "bob ok");
            assertThat(h.numKeyedStateEntries()).as("the limit of ann").isEqualTo(1);
        }
    }

    static final class Counter implements CoFlatMapFunction<Long, Long, String> {
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
            out.collect(value + "#" + n);
        }
    }

    @Test
    void shouldScopeStateOfAPlainTwoInputFunctionOnKeyedInputs() throws Exception {
        try (OperatorHarness<Long, String> h = OperatorHarness.forCoFlatMap(new Counter())
                .keyBy(v -> v % 2, (Long v) -> v % 2)) {
            h.processElement(1L);
            h.processElement2(3L);
            h.processElement2(2L);
            h.processElement(5L);
            assertThat(h.output()).containsExactly("1#1", "3#2", "2#1", "5#3");
        }
    }

    @Test
    void shouldRefuseOneKeySelectorForTwoInputs() {
        OperatorHarness<Long, String> h = OperatorHarness.forCoFlatMap(new Counter()).keyBy(v -> v % 2);
        assertThatThrownBy(h::open).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keyBy(keySelector1, keySelector2)");
    }
}
