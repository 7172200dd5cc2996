package io.sluice.runtime.testing;

import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.EventTimeTrigger;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.TumblingProcessingTimeWindows;
import io.sluice.state.KeyGroups;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static io.sluice.runtime.testing.StreamRecord.of;
import static io.sluice.runtime.testing.StreamRecord.withoutTimestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator harness drives the real operators on the test's thread: keyed state and both kinds
 * of timers under the harness's clock and watermarks, side outputs, windows with lateness, merging
 * and end of input, identical results when the output blocks every other call, the runtime's copy
 * of functions, and user exceptions that arrive unchanged.
 */
class OperatorHarnessTest {

    record Event(String key, long value) {
    }

    static final long MAX = Long.MAX_VALUE;
    static final OutputTag<String> ODD = new OutputTag<>("odd");
    static final OutputTag<Event> LATE = new OutputTag<>("late");

    // ---- functions under test ------------------------------------------------------------------
    // Static nested classes: an anonymous class in a test method would capture the test instance,
    // which is not serializable, and the harness would refuse it just as execute() does.

    /**
     * Sums each key's values in keyed state; reports the sum 100 ms of event time after each
     * element, and forgets the key 1 s of processing time after each element.
     */
    static final class SumWithTimers extends KeyedProcessFunction<String, Event, String> {
        private transient ValueState<Long> sum;

        @Override
        public void open(RuntimeContext ctx) {
            sum = ctx.getState(new ValueStateDescriptor<>("sum", Long.class));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) {
            Long s = sum.value();
            sum.update((s == null ? 0 : s) + e.value());
            ctx.timerService().registerEventTimeTimer(ctx.timestamp() + 100);
            ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1_000);
        }

        @Override
        public void onTimer(long time, OnTimerContext ctx, Collector<String> out) {
            if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
                Long s = sum.value();
                out.collect(ctx.getCurrentKey() + " sum " + (s == null ? 0 : s) + " at " + time);
            } else {
                out.collect(ctx.getCurrentKey() + " expired at " + time + ", watermark "
                        + ctx.timerService().currentWatermark());
                sum.clear();
            }
        }
    }

    /** Even numbers times ten to the main output; odd ones described on a side output. */
    static final class SplitOddEven extends ProcessFunction<Integer, Integer> {
        @Override
        public void processElement(Integer v, Context ctx, Collector<Integer> out) {
            if (v % 2 == 0) {
                out.collect(v * 10);
            } else {
                ctx.output(ODD, "odd " + v + " at " + ctx.timestamp() + ", watermark "
                        + ctx.timerService().currentWatermark());
            }
        }
    }

    static final class RegistersTimer extends ProcessFunction<String, String> {
        @Override
        public void processElement(String v, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(10);
        }
    }

    /** Names the subtask it runs in; records its lifecycle in a static list (statics are not copied). */
    static final class Lifecycle implements MapFunction<String, String> {
        static final List<String> CALLS = new ArrayList<>();
        private transient String subtask;

        @Override
        public void open(RuntimeContext ctx) {
            subtask = ctx.operatorName() + " " + (ctx.subtaskIndex() + 1) + "/" + ctx.parallelism() + " of "
                    + ctx.maxParallelism();
            CALLS.add("open " + subtask);
        }

        @Override
        public String map(String v) {
            return subtask + ": " + v;
        }

        @Override
        public void close() {
            CALLS.add("close " + subtask);
        }
    }

    /** Numbers each key's elements in keyed state: needs a keyed input. */
    static final class NumberPerKey implements MapFunction<Event, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(RuntimeContext ctx) {
            count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public String map(Event e) {
            Long c = count.value();
            long next = (c == null ? 0 : c) + 1;
            count.update(next);
            return e.key() + "#" + next;
        }
    }

    /** Numbers the elements it sees in a plain field: shows that the harness runs a copy. */
    static final class Numbering implements MapFunction<String, String> {
        int seen;

        @Override
        public String map(String v) {
            return ++seen + " " + v;
        }
    }

    static final class Sum implements ReduceFunction<Event> {
        @Override
        public Event reduce(Event a, Event b) {
            return new Event(a.key(), a.value() + b.value());
        }
    }

    /** "count/sum" of a window; accumulators merge, for session windows. */
    static final class CountSum implements AggregateFunction<Event, long[], String> {
        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Event e, long[] acc) {
            return new long[]{acc[0] + 1, acc[1] + e.value()};
        }

        @Override
        public String getResult(long[] acc) {
            return acc[0] + "/" + acc[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[]{a[0] + b[0], a[1] + b[1]};
        }
    }

    /** "key [start,end) values" with the values sorted. */
    static final class DescribeWindow extends ProcessWindowFunction<Event, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<Event> events, Collector<String> out) {
            List<Long> values = new ArrayList<>();
            events.forEach(e -> values.add(e.value()));
            values.sort(null);
            out.collect(key + " [" + ctx.window().start() + "," + ctx.window().end() + ") " + values);
        }
    }

    /** Puts the window's start before an aggregated result. */
    static final class WithStart extends ProcessWindowFunction<String, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<String> results, Collector<String> out) {
            out.collect(key + "@" + ctx.window().start() + "=" + results.iterator().next());
        }
    }

    static final IllegalStateException UNCHECKED = new IllegalStateException("no rate for EUR");
    static final IOException CHECKED = new IOException("disk full");

    static final class FailsOnTimer extends KeyedProcessFunction<String, Event, String> {
        @Override
        public void processElement(Event e, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        }

        @Override
        public void onTimer(long time, OnTimerContext ctx, Collector<String> out) {
            throw UNCHECKED;
        }
    }

    static final class FailingReduce implements ReduceFunction<Event> {
        @Override
        public Event reduce(Event a, Event b) throws IOException {
            throw CHECKED;
        }
    }

    // ---- the example of docs/api.md ------------------------------------------------------------

    record Order(String id, String customer, double amount, long time) {
    }

    record Alert(String customer, String reason) {
    }

    /** As in docs/api.md: alerts when a transaction under 1.00 is followed, within a minute, by one over 500.00. */
    static final class FraudDetector extends KeyedProcessFunction<String, Order, Alert> {
        private static final long ONE_MINUTE = 60_000;

        private transient ValueState<Boolean> smallSeen;
        private transient ValueState<Long> timer;

        @Override
        public void open(RuntimeContext ctx) {
            smallSeen = ctx.getState(new ValueStateDescriptor<>("small-seen", Boolean.class));
            timer = ctx.getState(new ValueStateDescriptor<>("timer", Long.class));
        }

        @Override
        public void processElement(Order o, Context ctx, Collector<Alert> out) {
            if (smallSeen.value() != null && o.amount() > 500) {
                out.collect(new Alert(ctx.getCurrentKey(), "small then large: " + o.id()));
                cancelTimer(ctx);
            } else if (o.amount() < 1) {
                Long previous = timer.value();
                if (previous != null) ctx.timerService().deleteProcessingTimeTimer(previous);
                long t = ctx.timerService().currentProcessingTime() + ONE_MINUTE;
                ctx.timerService().registerProcessingTimeTimer(t);
                smallSeen.update(true);
                timer.update(t);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
            smallSeen.clear();
            timer.clear();
        }

        private void cancelTimer(Context ctx) {
            Long t = timer.value();
            if (t != null) ctx.timerService().deleteProcessingTimeTimer(t);
            smallSeen.clear();
            timer.clear();
        }
    }

    @Test
    void shouldRunTheExampleOfTheApiGuide() throws Exception {
        try (OperatorHarness<Order, Alert> h =
                     OperatorHarness.forKeyedProcess(Order::customer, new FraudDetector())) {
            h.setProcessingTime(1_000);
            h.processElement(new Order("o1", "alice", 0.50, 10), 10);
            h.processElement(new Order("o2", "alice", 900.00, 20), 20);
            assertThat(h.output()).containsExactly(new Alert("alice", "small then large: o2"));

            h.processElement(new Order("o3", "bob", 0.10, 30), 30);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.setProcessingTime(60_999);
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
            h.setProcessingTime(61_000);
            h.processElement(new Order("o4", "bob", 700.00, 40), 40);
            assertThat(h.output()).hasSize(1);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    // ---- keyed process: state and timers -------------------------------------------------------

    static void driveSumWithTimers(OperatorHarness<Event, String> h) throws Exception {
        h.processElement(new Event("a", 1), 10);   // event timer 110, processing timer 1000
        h.setProcessingTime(100);
        h.processElement(new Event("b", 5), 20);   // 120, 1100
        h.setProcessingTime(500);
        h.processElement(new Event("a", 2), 30);   // 130, 1500
        assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        h.processWatermark(115);
        h.processWatermark(125);
        h.setProcessingTime(1_000);
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.processWatermark(130);
        h.setProcessingTime(2_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        h.endInput();
    }

    static final List<StreamRecord<String>> SUM_WITH_TIMERS_OUTPUT = List.of(
            of("a sum 3 at 110", 110),
            of("b sum 5 at 120", 120),
            withoutTimestamp("a expired at 1000, watermark 125"),
            of("a sum 0 at 130", 130),
            withoutTimestamp("b expired at 1100, watermark 130"),
            withoutTimestamp("a expired at 1500, watermark 130"));

    @Test
    void shouldFireEventTimeTimersByWatermarkAndProcessingTimeTimersByTheClock() throws Exception {
        try (OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers())) {
            h.processElement(new Event("a", 1), 10);
            h.setProcessingTime(999);
            h.processWatermark(109);
            assertThat(h.output()).isEmpty();

            h.processWatermark(110);
            assertThat(h.outputWithTimestamps()).containsExactly(of("a sum 1 at 110", 110));
            h.setProcessingTime(1_000);
            assertThat(h.outputWithTimestamps()).containsExactly(of("a sum 1 at 110", 110),
                    withoutTimestamp("a expired at 1000, watermark 110"));
            assertThat(h.watermarks()).containsExactly(109L, 110L);
            assertThat(h.processingTime()).isEqualTo(1_000);
            assertThat(h.currentWatermark()).isEqualTo(110);
        }
    }

    @Test
    void shouldKeepStatePerKeyAndFireTimersInTimeOrder() throws Exception {
        try (OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers())) {
            driveSumWithTimers(h);
            assertThat(h.outputWithTimestamps()).containsExactlyElementsOf(SUM_WITH_TIMERS_OUTPUT);
            assertThat(h.watermarks()).containsExactly(115L, 125L, 130L, MAX);
        }
    }

    static void driveTimersLeftAtEnd(OperatorHarness<Event, String> h) throws Exception {
        h.processElement(new Event("a", 1), 10);   // event timer 110, processing timer 1000
        h.setProcessingTime(10);
        h.processElement(new Event("b", 2), 20);   // 120, 1010
        h.setProcessingTime(20);
        h.processElement(new Event("c", 3), 5);    // 105, 1020
        h.endInput();
    }

    @Test
    void shouldFireRemainingEventTimersWithTheFinalWatermarkAndProcessingTimersAtTheEnd() throws Exception {
        try (OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers())) {
            driveTimersLeftAtEnd(h);
            assertThat(h.outputWithTimestamps()).containsExactly(
                    of("c sum 3 at 105", 105),
                    of("a sum 1 at 110", 110),
                    of("b sum 2 at 120", 120),
                    withoutTimestamp("a expired at 1000, watermark " + MAX),
                    withoutTimestamp("b expired at 1010, watermark " + MAX),
                    withoutTimestamp("c expired at 1020, watermark " + MAX));
            assertThat(h.watermarks()).containsExactly(MAX);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void shouldGiveTheSameResultsWhenTheOutputBlocksEveryOtherCall() throws Exception {
        assertSameWithBlocking(() -> OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers()),
                OperatorHarnessTest::driveSumWithTimers, null, true, true, false);
        assertSameWithBlocking(() -> OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers()),
                OperatorHarnessTest::driveTimersLeftAtEnd, null, true, false, true);
    }

    @Test
    void shouldRunTheSubtaskAskedForAndRefuseKeysOfOtherSubtasks() throws Exception {
        String own = keyOfSubtask(1, 4, 16);
        String other = keyOfSubtask(3, 4, 16);
        try (OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers())
                .name("sums").parallelism(4).subtaskIndex(1).maxParallelism(16)) {
            h.processElement(new Event(own, 7), 1);
            h.processWatermark(101);
            assertThat(h.output()).containsExactly(own + " sum 7 at 101");

            int group = KeyGroups.keyGroupFor(other, 16);
            assertThatThrownBy(() -> h.processElement(new Event(other, 1), 2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("key " + other + " (key group " + group + " of 16) belongs to subtask 4/4, but this"
                            + " harness runs subtask 2/4 of 'sums', where the runtime never routes it; give this"
                            + " subtask only its own keys (see KeyGroups.subtaskFor)");
            h.processElement(new Event(own, 1), 3); // a refused key is the test's mistake, not a failure
            assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        }
    }

    private static String keyOfSubtask(int subtask, int parallelism, int maxParallelism) {
        for (int i = 0; ; i++) {
            String key = "k" + i;
            if (KeyGroups.subtaskFor(KeyGroups.keyGroupFor(key, maxParallelism), maxParallelism, parallelism)
                    == subtask) {
                return key;
            }
        }
    }

    // ---- process, map, flatMap, filter ---------------------------------------------------------

    @Test
    void shouldScopeKeyedStateOfAMapOnAKeyedStreamToTheElementsKey() throws Exception {
        try (OperatorHarness<Event, String> h = OperatorHarness.forMap(new NumberPerKey()).keyBy(Event::key)) {
            h.processElement(new Event("a", 0), 1);
            h.processElement(new Event("b", 0), 2);
            h.processElement(new Event("a", 0));
            assertThat(h.outputWithTimestamps()).containsExactly(of("a#1", 1), of("b#1", 2), withoutTimestamp("a#2"));
            assertThat(h.numKeyedStateEntries()).isEqualTo(2);
        }
        OperatorHarness<Event, String> notKeyed = OperatorHarness.forMap(new NumberPerKey()).name("number");
        assertThatThrownBy(notKeyed::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("operator 'number' (subtask 1/1) asked for keyed ")
                .hasMessageEndingWith(", but its stream is not keyed; keyed state needs keyBy(...) before the"
                        + " operator");
        notKeyed.close();
        assertThatThrownBy(() -> OperatorHarness.forKeyedProcess(Event::key, new SumWithTimers()).keyBy(Event::key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("keyBy() applies to map, filter, flatMap and process; 'keyed-process' is keyed by its"
                        + " own key selector already");
    }

    @Test
    void shouldSendSideOutputsWithTheElementsTimestamp() throws Exception {
        try (OperatorHarness<Integer, Integer> h = OperatorHarness.forProcess(new SplitOddEven())) {
            h.processElement(1, 5);
            h.processElement(2, 6);
            h.processWatermark(10);
            h.processElement(3);
            h.processElement(4, 12);
            assertThat(h.outputWithTimestamps()).containsExactly(of(20, 6), of(40, 12));
            assertThat(h.sideOutputWithTimestamps(ODD)).containsExactly(
                    of("odd 1 at 5, watermark " + Long.MIN_VALUE, 5),
                    withoutTimestamp("odd 3 at null, watermark 10"));
            assertThat(h.sideOutput(ODD)).hasSize(2);
            assertThat(h.sideOutput(new OutputTag<String>("even"))).isEmpty();
            assertThat(h.watermarks()).containsExactly(10L);
        }
    }

    @Test
    void shouldRefuseTimersOfAProcessFunctionThatIsNotKeyed() throws Exception {
        try (OperatorHarness<String, String> h = OperatorHarness.forProcess(new RegistersTimer()).name("parse")) {
            assertThatThrownBy(() -> h.processElement("x", 1))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessage("operator 'parse' (subtask 1/1) is not keyed: timers need keyBy(...) and a"
                            + " KeyedProcessFunction");
        }
    }

    @Test
    void shouldMapFlatMapAndFilterKeepingTimestamps() throws Exception {
        try (OperatorHarness<String, Integer> map = OperatorHarness.forMap(String::length)) {
            map.processElement("abc", 7);
            map.processElement("de");
            assertThat(map.outputWithTimestamps()).containsExactly(of(3, 7), withoutTimestamp(2));
        }
        try (OperatorHarness<String, String> flatMap = OperatorHarness.forFlatMap(
                (String line, Collector<String> out) -> {
                    for (String word : line.split(" ")) {
                        out.collect(word);
                    }
                })) {
            flatMap.processElement("to be", 3);
            flatMap.processElement("or", 4);
            assertThat(flatMap.outputWithTimestamps()).containsExactly(of("to", 3), of("be", 3), of("or", 4));
        }
        try (OperatorHarness<String, String> filter = OperatorHarness.forFilter((String s) -> s.startsWith("a"))) {
            filter.processElement("apple", 1);
            filter.processElement("pear", 2);
            filter.processElement("avocado");
            assertThat(filter.outputWithTimestamps()).containsExactly(of("apple", 1), withoutTimestamp("avocado"));
            filter.processWatermark(5);
            assertThat(filter.watermarks()).containsExactly(5L);
        }
    }

    @Test
    void shouldOpenAndCloseTheFunctionWithTheConfiguredSubtask() throws Exception {
        Lifecycle.CALLS.clear();
        OperatorHarness<String, String> h = OperatorHarness.forMap(new Lifecycle())
                .name("label").parallelism(3).subtaskIndex(2).maxParallelism(8);
        assertThat(Lifecycle.CALLS).isEmpty();
        h.processElement("x");
        assertThat(h.output()).containsExactly("label 3/3 of 8: x");
        h.endInput();
        h.close();
        h.close();
        assertThat(Lifecycle.CALLS).containsExactly("open label 3/3 of 8", "close label 3/3 of 8");
    }

    @Test
    void shouldRunACopyOfTheFunctionNotTheInstancePassedIn() throws Exception {
        Numbering original = new Numbering();
        try (OperatorHarness<String, String> h = OperatorHarness.forMap(original)) {
            h.processElement("a");
            h.processElement("b");
            assertThat(h.output()).containsExactly("1 a", "2 b");
            assertThat(original.seen).isZero();
        }
    }

    // ---- windows -------------------------------------------------------------------------------

    static OperatorHarness<Event, Event> tumblingWithLateness(boolean lateSideOutput) {
        WindowHarnessBuilder<String, Event, TimeWindow> b = OperatorHarness.forWindow(Event::key,
                TumblingEventTimeWindows.<Event>of(Duration.ofMillis(10))).allowedLateness(Duration.ofMillis(5));
        if (lateSideOutput) {
            b.sideOutputLateData(LATE);
        }
        return b.reduce(new Sum());
    }

    static void driveTumblingWithLateness(OperatorHarness<Event, Event> h) throws Exception {
        h.processElement(new Event("a", 1), 1);
        h.processElement(new Event("a", 2), 5);
        h.processElement(new Event("b", 10), 25);
        h.processWatermark(9);                      // fires a's [0,10)
        h.processElement(new Event("a", 4), 3);     // late, within the lateness: fires [0,10) again
        h.processWatermark(14);                     // 9 + 5: [0,10) is dropped
        h.processElement(new Event("a", 8), 2);     // too late
        h.processElement(new Event("a", 16), 13);
        h.processWatermark(19);                     // fires a's [10,20)
        h.endInput();                               // fires b's [20,30)
    }

    @Test
    void shouldFireATumblingWindowAgainForLateDataAndSideOutputWhatIsTooLate() throws Exception {
        try (OperatorHarness<Event, Event> h = tumblingWithLateness(true)) {
            driveTumblingWithLateness(h);
            assertThat(h.outputWithTimestamps()).containsExactly(
                    of(new Event("a", 3), 9),
                    of(new Event("a", 7), 9),
                    of(new Event("a", 16), 19),
                    of(new Event("b", 10), 29));
            assertThat(h.sideOutputWithTimestamps(LATE)).containsExactly(of(new Event("a", 8), 2));
            assertThat(h.watermarks()).containsExactly(9L, 14L, 19L, MAX);
            assertThat(h.recordsDropped()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void shouldCountTooLateDataAsDroppedWithoutALateSideOutput() throws Exception {
        try (OperatorHarness<Event, Event> h = tumblingWithLateness(false)) {
            driveTumblingWithLateness(h);
            assertThat(h.output()).containsExactly(new Event("a", 3), new Event("a", 7), new Event("a", 16),
                    new Event("b", 10));
            assertThat(h.sideOutput(LATE)).isEmpty();
            assertThat(h.recordsDropped()).isEqualTo(1);
        }
    }

    static OperatorHarness<Event, String> sessions() {
        return OperatorHarness.forWindow(Event::key, EventTimeSessionWindows.<Event>withGap(Duration.ofMillis(10)))
                .process(new DescribeWindow());
    }

    static void driveSessions(OperatorHarness<Event, String> h) throws Exception {
        h.processElement(new Event("a", 1), 0);     // a: [0,10)
        h.processElement(new Event("a", 2), 20);    // a: [0,10) [20,30)
        h.processElement(new Event("b", 100), 5);   // b: [5,15)
        h.processWatermark(5);
        h.processElement(new Event("a", 3), 8);     // a: [0,18) [20,30)
        h.processElement(new Event("a", 4), 15);    // a: [0,30)
        h.processWatermark(14);                     // fires b
        h.processWatermark(29);                     // fires a
        h.endInput();
    }

    @Test
    void shouldMergeSessionWindowsThatCometoOverlap() throws Exception {
        try (OperatorHarness<Event, String> h = sessions()) {
            driveSessions(h);
            assertThat(h.outputWithTimestamps()).containsExactly(
                    of("b [5,15) [100]", 14),
                    of("a [0,30) [1, 2, 3, 4]", 29));
            assertThat(h.watermarks()).containsExactly(5L, 14L, 29L, MAX);
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    static OperatorHarness<Event, Event> countWindow() {
        return OperatorHarness.<String, Event>forCountWindow(Event::key, 3).reduce(new Sum());
    }

    static void driveCountWindow(OperatorHarness<Event, Event> h) throws Exception {
        for (long v = 1; v <= 3; v++) {
            h.processElement(new Event("a", v));
        }
        h.processElement(new Event("b", 10));
        for (long v = 4; v <= 7; v++) {
            h.processElement(new Event("a", v));
        }
        for (long v = 100; v <= 300; v += 100) {
            h.processElement(new Event("c", v));
        }
        h.endInput();
    }

    @Test
    void shouldFireCountWindowsEveryNElementsAndTheRestAtEndOfInput() throws Exception {
        try (OperatorHarness<Event, Event> h = countWindow()) {
            driveCountWindow(h);
            assertThat(h.outputWithTimestamps()).containsExactly(
                    of(new Event("a", 6), MAX),
                    of(new Event("a", 15), MAX),
                    of(new Event("c", 600), MAX),
                    // end of input: the windows still holding unemitted elements, c's is empty
                    of(new Event("a", 7), MAX),
                    of(new Event("b", 10), MAX));
        }
    }

    @Test
    void shouldFireProcessingTimeWindowsByTheHarnessClock() throws Exception {
        try (OperatorHarness<Event, Event> h = OperatorHarness.forWindow(Event::key,
                TumblingProcessingTimeWindows.<Event>of(Duration.ofMillis(100))).reduce(new Sum())) {
            driveProcessingTimeWindows(h);
            assertThat(h.outputWithTimestamps()).containsExactly(
                    of(new Event("a", 3), 99),
                    of(new Event("a", 5), 199),
                    of(new Event("a", 7), 299));
        }
    }

    static void driveProcessingTimeWindows(OperatorHarness<Event, Event> h) throws Exception {
        h.setProcessingTime(10);                     // before opening: the starting time
        h.processElement(new Event("a", 1));
        h.processElement(new Event("a", 2));
        h.setProcessingTime(98);
        assertThat(h.output()).isEmpty();
        h.setProcessingTime(150);                    // fires [0,100)
        h.processElement(new Event("a", 5));
        h.setProcessingTime(199);                    // fires [100,200)
        h.setProcessingTime(250);
        h.processElement(new Event("a", 7));
        h.endInput();                                // fires [200,300) before its time
    }

    @Test
    void shouldRunAWindowSpecBuiltElsewhere() throws Exception {
        OperatorSpec.KeyedWindow<String, Event, TimeWindow> spec = new OperatorSpec.KeyedWindow<>(Event::key,
                TumblingEventTimeWindows.of(Duration.ofMillis(10)), EventTimeTrigger.create(), 0, null, null,
                new CountSum(), Serializers.undeclared("acc"), new WithStart());
        try (OperatorHarness<Event, String> h = OperatorHarness.forWindow(spec)) {
            h.processElement(new Event("a", 1), 1);
            h.processElement(new Event("a", 2), 2);
            h.processElement(new Event("a", 4), 12);
            h.endInput();
            assertThat(h.outputWithTimestamps()).containsExactly(of("a@0=2/3", 9), of("a@10=1/4", 19));
        }
    }

    @Test
    void shouldGiveTheSameWindowResultsWhenTheOutputBlocksEveryOtherCall() throws Exception {
        assertSameWithBlocking(() -> tumblingWithLateness(true), OperatorHarnessTest::driveTumblingWithLateness, LATE,
                true, false, false);
        assertSameWithBlocking(OperatorHarnessTest::sessions, OperatorHarnessTest::driveSessions, null,
                true, false, false);
        assertSameWithBlocking(OperatorHarnessTest::countWindow, OperatorHarnessTest::driveCountWindow, null,
                true, false, false);
        assertSameWithBlocking(() -> OperatorHarness.forWindow(Event::key,
                        TumblingProcessingTimeWindows.<Event>of(Duration.ofMillis(100))).reduce(new Sum()),
                OperatorHarnessTest::driveProcessingTimeWindows, null, false, true, true);
    }

    /**
     * Many keys, overlapping windows and late data, so that one watermark releases many timers: the
     * blocking run pauses between them and must still give exactly the same results.
     */
    @Test
    void shouldGiveTheSameResultsForManyTimersPerWatermarkWhenTheOutputBlocks() throws Exception {
        Supplier<OperatorHarness<Event, String>> sliding = () -> OperatorHarness.forWindow(Event::key,
                        SlidingEventTimeWindows.<Event>of(Duration.ofMillis(20), Duration.ofMillis(5)))
                .allowedLateness(Duration.ofMillis(10))
                .sideOutputLateData(LATE)
                .aggregate(new CountSum(), new WithStart());
        Driver<Event, String> drive = h -> {
            Random random = new Random(7);
            long watermark = Long.MIN_VALUE;
            for (int i = 0; i < 400; i++) {
                long ts = i - random.nextInt(40);
                h.processElement(new Event("k" + random.nextInt(6), random.nextInt(100)), ts);
                if (i % 25 == 24 && ts > watermark) {
                    watermark = ts;
                    h.processWatermark(watermark);
                }
            }
            h.endInput();
        };
        Compared compared = assertSameWithBlocking(sliding, drive, LATE, true, false, false);
        assertThat(compared.output()).hasSizeGreaterThan(300);
        assertThat(compared.lateOutput()).isNotEmpty();
        // paused in the middle of watermarks, not only before them
        assertThat(compared.pauses().watermark()).isGreaterThan(2 * compared.watermarks());
    }

    record Compared(List<?> output, List<?> lateOutput, OperatorHarness.Pauses pauses, int watermarks) {
    }

    @FunctionalInterface
    interface Driver<I, O> {
        void drive(OperatorHarness<I, O> h) throws Exception;
    }

    /**
     * Runs {@code drive} on a plain harness and on one whose output blocks every other call, checks
     * the two give the same outputs and watermarks, and that the blocking run really paused where
     * asked. Returns the plain run's outputs and the blocking run's pauses.
     */
    static <I, O> Compared assertSameWithBlocking(Supplier<OperatorHarness<I, O>> harness, Driver<I, O> drive,
                                                      OutputTag<?> sideTag, boolean pausesOnWatermarks,
                                                      boolean pausesOnProcessingTime, boolean pausesAtFinish)
            throws Exception {
        try (OperatorHarness<I, O> plain = harness.get();
             OperatorHarness<I, O> blocking = harness.get().blockOutputEveryOtherCall()) {
            drive.drive(plain);
            drive.drive(blocking);
            assertThat(plain.pauses().total()).isZero();
            assertThat(blocking.outputWithTimestamps()).isEqualTo(plain.outputWithTimestamps());
            assertThat(blocking.watermarks()).isEqualTo(plain.watermarks());
            List<?> side = sideTag == null ? List.of() : plain.sideOutputWithTimestamps(sideTag);
            if (sideTag != null) {
                assertThat(blocking.sideOutputWithTimestamps(sideTag)).isEqualTo(side);
            }
            OperatorHarness.Pauses pauses = blocking.pauses();
            if (pausesOnWatermarks) {
                assertThat(pauses.watermark()).as("pauses while firing for a watermark").isPositive();
            }
            if (pausesOnProcessingTime) {
                assertThat(pauses.processingTime()).as("pauses while firing for processing time").isPositive();
            }
            if (pausesAtFinish) {
                assertThat(pauses.finish()).as("pauses while finishing").isPositive();
            }
            assertThat(plain.outputWithTimestamps()).isNotEmpty();
            return new Compared(plain.outputWithTimestamps(), side, pauses, plain.watermarks().size());
        }
    }

    // ---- copying and errors --------------------------------------------------------------------

    @Test
    void shouldRefuseAFunctionThatCapturesSomethingNotSerializableNamingTheOperator() {
        Object notSerializable = new Object();
        OperatorHarness<String, String> h = OperatorHarness.forMap((String s) -> s + notSerializable.hashCode())
                .name("enrich");
        assertThatThrownBy(h::open)
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("the lambda io.sluice.runtime.testing.OperatorHarnessTest::lambda of operator 'enrich'"
                        + " cannot be copied to its parallel subtasks: java.lang.Object is not serializable."
                        + " Functions, sources and sinks, and everything they capture, must be java.io.Serializable;"
                        + " create non-serializable resources in open() instead");
    }

    @Test
    void shouldRefuseAnAnonymousFunctionThatCapturesTheTestAtTheFirstElement() {
        OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key,
                new KeyedProcessFunction<String, Event, String>() {
                    @Override
                    public void processElement(Event e, Context ctx, Collector<String> out) {
                        out.collect(e.key());
                    }
                });
        assertThatThrownBy(() -> h.processElement(new Event("a", 1), 1))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("the io.sluice.runtime.testing.OperatorHarnessTest$")
                .hasMessageContaining(" of operator 'keyed-process' cannot be copied to its parallel subtasks:"
                        + " io.sluice.runtime.testing.OperatorHarnessTest is not serializable.");
    }

    @Test
    void shouldThrowTheFunctionsExceptionUnchanged() throws Exception {
        try (OperatorHarness<Event, String> h = OperatorHarness.forKeyedProcess(Event::key, new FailsOnTimer())) {
            h.processElement(new Event("a", 1), 5);
            assertThatThrownBy(() -> h.processWatermark(5)).isSameAs(UNCHECKED);
        }
        try (OperatorHarness<Event, Event> h = OperatorHarness.forWindow(Event::key,
                TumblingEventTimeWindows.<Event>of(Duration.ofMillis(10))).reduce(new FailingReduce())) {
            h.processElement(new Event("a", 1), 1);
            // the heap state carries the reduce function's checked exception; the harness unwraps it
            assertThatThrownBy(() -> h.processElement(new Event("a", 2), 2)).isSameAs(CHECKED);
        }
        try (OperatorHarness<String, String> h = OperatorHarness.forMap((String s) -> {
            throw new IOException("cannot parse " + s);
        })) {
            assertThatThrownBy(() -> h.processElement("x"))
                    .isExactlyInstanceOf(IOException.class).hasMessage("cannot parse x").hasNoCause();
        }
    }

    @Test
    void shouldAllowOnlyCloseAfterAFailure() throws Exception {
        Lifecycle.CALLS.clear();
        OperatorHarness<String, String> h = OperatorHarness.forMap(new Lifecycle());
        h.processElement("ok");
        OperatorHarness<String, String> failing = OperatorHarness.forMap((String s) -> {
            throw new IllegalArgumentException("bad " + s);
        });
        assertThatThrownBy(() -> failing.processElement("x")).hasMessage("bad x");
        assertThatThrownBy(() -> failing.processElement("y"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("processElement() on the harness of 'map', but the operator failed; only close() is"
                        + " allowed, as the runtime only closes a failed task");
        assertThatThrownBy(failing::endInput).isInstanceOf(IllegalStateException.class);
        failing.close();
        h.close();
        assertThat(Lifecycle.CALLS).containsExactly("open map 1/1 of 128", "close map 1/1 of 128");
    }

    // ---- misuse --------------------------------------------------------------------------------

    @Test
    void shouldRefuseWatermarksThatDoNotAdvanceAndAClockThatGoesBack() throws Exception {
        try (OperatorHarness<Integer, Integer> h = OperatorHarness.forProcess(new SplitOddEven())) {
            h.processWatermark(10);
            assertThatThrownBy(() -> h.processWatermark(10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("watermark 10 does not advance event time past 10: the runtime passes only"
                            + " increasing watermarks to an operator");
            h.setProcessingTime(50);
            assertThatThrownBy(() -> h.setProcessingTime(49))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("processing time must not go back: 49 is before 50");
            h.processWatermark(11); // the harness is still usable
            assertThat(h.watermarks()).containsExactly(10L, 11L);
        }
    }

    @Test
    void shouldRefuseOptionsOnceOpenAndInputOnceEnded() throws Exception {
        try (OperatorHarness<Integer, Integer> h = OperatorHarness.forProcess(new SplitOddEven())) {
            h.processElement(2);
            assertThatThrownBy(() -> h.parallelism(2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("parallelism() must be called before the operator opens, but the harness of"
                            + " 'process' is running");
            h.endInput();
            assertThatThrownBy(() -> h.processElement(4))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("processElement() on the harness of 'process', but its input has ended"
                            + " (endInput() was called)");
            assertThatThrownBy(h::endInput).isInstanceOf(IllegalStateException.class);
            assertThat(h.output()).containsExactly(20);
            assertThat(h.watermarks()).containsExactly(MAX);
        }
    }

    @Test
    void shouldRefuseAParallelismAboveMaxParallelism() {
        OperatorHarness<Integer, Integer> h = OperatorHarness.forProcess(new SplitOddEven()).name("split")
                .parallelism(200);
        assertThatThrownBy(h::open)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism 200 exceeds maxParallelism 128 for operator 'split'; raise maxParallelism"
                        + " or lower the parallelism");
        assertThatThrownBy(() -> OperatorHarness.forProcess(new SplitOddEven()).maxParallelism(0))
                .hasMessage("maxParallelism must be in [1, 32768], got 0");
        assertThatThrownBy(() -> OperatorHarness.forProcess(new SplitOddEven()).parallelism(2).subtaskIndex(2).open())
                .hasMessage("subtask index 2 is not below the parallelism 2 of operator 'process'");
        assertThatThrownBy(() -> OperatorHarness.forWindow(Event::key,
                TumblingProcessingTimeWindows.<Event>of(Duration.ofMillis(100))).allowedLateness(Duration.ofMillis(1)))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("allowed lateness applies to event-time windows only");
    }

    // ---- the gate ------------------------------------------------------------------------------

    @Test
    void shouldBlockTheGateOnlyAfterAnEmissionSoThatEveryBlockFollowsProgress() {
        HarnessOutput<String> open = new HarnessOutput<>(false);
        open.collect("x", 1);
        assertThat(open.isBlocked()).isFalse();

        HarnessOutput<String> gate = new HarnessOutput<>(true);
        assertThat(gate.isBlocked()).isFalse();           // nothing emitted yet
        gate.collect("x", 1);
        gate.markCall();
        assertThat(gate.isBlocked()).isTrue();            // full after one record
        assertThat(gate.reportedBlockedSinceMark()).isTrue();
        assertThat(gate.isBlocked()).isFalse();           // emptied: never blocked twice without progress
        assertThat(gate.isBlocked()).isFalse();
        gate.collect(new OutputTag<String>("side"), "y", 2);
        assertThat(gate.isBlocked()).isTrue();            // side outputs count too
        gate.markCall();
        assertThat(gate.reportedBlockedSinceMark()).isFalse();
    }
}
