package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.JobResult;
import io.sluice.api.KeyedValue;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every DataStream operation, run as a real job, with its output checked exactly. */
class DataStreamOperatorsTest implements java.io.Serializable {

    record Reading(String sensor, int count, double value) {
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void shouldMapFilterAndFlatMapEveryElementOnce() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 10_000)
                .map(x -> x * 3)
                .filter(x -> x % 2 == 0)
                .flatMap((Long x, Collector<Long> out) -> {
                    out.collect(x);
                    out.collect(-x);
                })
                .sinkTo(sink);
        JobResult result = env.execute("map-filter-flatmap");

        List<Long> expected = new ArrayList<>();
        for (long x = 1; x <= 10_000; x++) {
            if (x * 3 % 2 == 0) {
                expected.add(x * 3);
                expected.add(-x * 3);
            }
        }
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(result.metrics().recordsIn("map")).isEqualTo(10_000);
        assertThat(result.metrics().recordsOut("filter")).isEqualTo(5_000);
        assertThat(result.metrics().recordsOut("flat-map")).isEqualTo(10_000);
    }

    @Test
    void shouldKeepOrderWithinOneSubtask() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 5_000).rebalance().map(x -> x + 1).sinkTo(sink);
        env.execute();
        assertThat(sink.values()).containsExactlyElementsOf(range(2, 5_001));
    }

    @Test
    void shouldSendSideOutputsToTheirOwnStream() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        OutputTag<String> odd = new OutputTag<>("odd");
        CollectSink<Long> evens = new CollectSink<>();
        CollectSink<String> odds = new CollectSink<>();
        DataStream<Long> main = env.fromSequence(1, 100).process(new ProcessFunction<Long, Long>() {
            @Override
            public void processElement(Long value, Context ctx, Collector<Long> out) {
                if (value % 2 == 0) {
                    out.collect(value);
                } else {
                    ctx.output(odd, "odd-" + value);
                }
            }
        });
        main.sinkTo(evens);
        main.getSideOutput(odd).sinkTo(odds);
        env.execute();
        assertThat(evens.values()).containsExactlyInAnyOrderElementsOf(
                range(1, 100).stream().filter(x -> x % 2 == 0).toList());
        assertThat(odds.values()).containsExactlyInAnyOrderElementsOf(
                range(1, 100).stream().filter(x -> x % 2 == 1).map(x -> "odd-" + x).toList());
    }

    @Test
    void shouldKeepKeyedStatePerKey() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 2_999)
                .keyBy(x -> x % 7)
                .process(new KeyedProcessFunction<Long, Long, String>() {
                    private transient ValueState<Long> count;
                    private transient ListState<Long> seen;
                    private transient MapState<Long, Long> parity;

                    @Override
                    public void open(RuntimeContext ctx) {
                        count = ctx.getState(new ValueStateDescriptor<>("count", Long.class));
                        seen = ctx.getListState(new ListStateDescriptor<>("seen", Long.class));
                        parity = ctx.getMapState(new MapStateDescriptor<>("parity", Long.class, Long.class));
                    }

                    @Override
                    public void processElement(Long value, Context ctx, Collector<String> out) {
                        long c = count.value() == null ? 1 : count.value() + 1;
                        count.update(c);
                        seen.add(value);
                        Long p = parity.get(value % 2);
                        parity.put(value % 2, p == null ? 1 : p + 1);
                        if (c == 3000 / 7 + (ctx.getCurrentKey() < 3000 % 7 ? 1 : 0)) { // this key's last element
                            long sum = 0;
                            for (long v : seen.get()) {
                                sum += v;
                            }
                            out.collect(ctx.getCurrentKey() + ":" + c + ":" + sum + ":" + parity.get(0L) + "/" + parity.get(1L));
                        }
                    }
                })
                .sinkTo(sink);
        env.execute();
        List<String> expected = new ArrayList<>();
        for (long k = 0; k < 7; k++) {
            long key = k;
            List<Long> values = range(0, 2_999).stream().filter(x -> x % 7 == key).toList();
            long sum = values.stream().mapToLong(x -> x).sum();
            long evens = values.stream().filter(x -> x % 2 == 0).count();
            expected.add(k + ":" + values.size() + ":" + sum + ":" + evens + "/" + (values.size() - evens));
        }
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldFireEventTimeTimersPerKeyWhenTheWatermarkPasses() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        // timestamps = the value; one timer per key at (value/100+1)*100: fires once per key and slot
        env.fromSequence(0, 999)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((v, ts) -> v))
                .setParallelism(1)
                .keyBy(x -> x % 3)
                .process(new KeyedProcessFunction<Long, Long, String>() {
                    private transient ValueState<Long> sum;

                    @Override
                    public void open(RuntimeContext ctx) {
                        sum = ctx.getState(new ValueStateDescriptor<>("sum", Long.class));
                    }

                    @Override
                    public void processElement(Long value, Context ctx, Collector<String> out) {
                        sum.update((sum.value() == null ? 0 : sum.value()) + value);
                        ctx.timerService().registerEventTimeTimer((value / 100 + 1) * 100);
                    }

                    @Override
                    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
                        assertThat(ctx.timeDomain()).isEqualTo(TimeDomain.EVENT_TIME);
                        assertThat(ctx.timestamp()).isEqualTo(timestamp);
                        out.collect(ctx.getCurrentKey() + "@" + timestamp + "=" + sum.value());
                    }
                })
                .sinkTo(sink);
        env.execute();
        List<String> expected = new ArrayList<>();
        for (long k = 0; k < 3; k++) {
            for (long slot = 100; slot <= 1000; slot += 100) {
                long key = k;
                long bound = slot;
                // when timer `slot` fires, the watermark is >= slot, so every element < slot... and possibly more
                // elements were summed already; the sum is exact at end only for the last slot.
                if (slot == 1000) {
                    long sum = range(0, 999).stream().filter(x -> x % 3 == key).mapToLong(x -> x).sum();
                    expected.add(k + "@" + bound + "=" + sum);
                }
            }
        }
        List<String> values = sink.values();
        assertThat(values).hasSize(30);
        assertThat(values.stream().filter(s -> s.contains("@1000=")).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        // each (key, slot) fired exactly once
        assertThat(values.stream().map(s -> s.substring(0, s.indexOf('='))).distinct().count()).isEqualTo(30);
    }

    @Test
    void shouldFireProcessingTimeTimersOnceEvenIfTheInputEndsFirst() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<String> sink = new CollectSink<>();
        env.fromElements("a", "b", "a", "c")
                .keyBy(s -> s)
                .process(new KeyedProcessFunction<String, String, String>() {
                    @Override
                    public void processElement(String value, Context ctx, Collector<String> out) {
                        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 3_600_000);
                    }

                    @Override
                    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
                        assertThat(ctx.timeDomain()).isEqualTo(TimeDomain.PROCESSING_TIME);
                        out.collect("timer:" + ctx.getCurrentKey());
                        ctx.timerService().registerProcessingTimeTimer(timestamp + 1000); // re-arming must not hang the job
                    }
                })
                .sinkTo(sink);
        env.execute();
        // "a" may register two timers one millisecond apart, or one (same ms): count distinct keys
        assertThat(sink.values().stream().distinct().toList()).containsExactlyInAnyOrder("timer:a", "timer:b", "timer:c");
    }

    @Test
    void shouldRollReduceSumMinMaxByFieldAndExtractor() throws Exception {
        List<Reading> readings = List.of(new Reading("s1", 1, 5.0), new Reading("s2", 2, 1.0),
                new Reading("s1", 3, 2.0), new Reading("s1", 4, 9.0), new Reading("s2", 5, 3.0));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Reading> sums = new CollectSink<>();
        CollectSink<Reading> mins = new CollectSink<>();
        CollectSink<Reading> maxs = new CollectSink<>();
        CollectSink<KeyedValue<String, Double>> extracted = new CollectSink<>();
        CollectSink<Reading> reduced = new CollectSink<>();
        env.fromCollection(readings).keyBy(Reading::sensor).sum("count").sinkTo(sums);
        env.fromCollection(readings).keyBy(Reading::sensor).min("value").sinkTo(mins);
        env.fromCollection(readings).keyBy(Reading::sensor).max("value").sinkTo(maxs);
        env.fromCollection(readings).keyBy(Reading::sensor).sum(Reading::value).sinkTo(extracted);
        env.fromCollection(readings).keyBy(Reading::sensor)
                .reduce((a, b) -> new Reading(a.sensor(), a.count() + b.count(), a.value() * b.value()))
                .sinkTo(reduced);
        env.execute();
        assertThat(sums.values()).containsExactlyInAnyOrder(new Reading("s1", 1, 5.0), new Reading("s1", 4, 5.0),
                new Reading("s1", 8, 5.0), new Reading("s2", 2, 1.0), new Reading("s2", 7, 1.0));
        assertThat(mins.values()).containsExactlyInAnyOrder(new Reading("s1", 1, 5.0), new Reading("s1", 1, 2.0),
                new Reading("s1", 1, 2.0), new Reading("s2", 2, 1.0), new Reading("s2", 2, 1.0));
        assertThat(maxs.values()).containsExactlyInAnyOrder(new Reading("s1", 1, 5.0), new Reading("s1", 1, 5.0),
                new Reading("s1", 1, 9.0), new Reading("s2", 2, 1.0), new Reading("s2", 2, 3.0));
        assertThat(extracted.values()).containsExactlyInAnyOrder(new KeyedValue<>("s1", 5.0),
                new KeyedValue<>("s1", 7.0), new KeyedValue<>("s1", 16.0), new KeyedValue<>("s2", 1.0),
                new KeyedValue<>("s2", 4.0));
        assertThat(reduced.values()).contains(new Reading("s1", 8, 90.0), new Reading("s2", 7, 3.0)).hasSize(5);
    }

    @Test
    void shouldUnionStreamsAndRebalanceEvenly() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        DataStream<Long> a = env.fromSequence(1, 600);
        DataStream<Long> b = env.fromSequence(1001, 1600);
        DataStream<Long> c = env.fromSequence(2001, 2600);
        a.union(b, c).rebalance().map(x -> x).name("spread").setParallelism(3).sinkTo(sink);
        JobResult result = env.execute();
        List<Long> expected = new ArrayList<>(range(1, 600));
        expected.addAll(range(1001, 1600));
        expected.addAll(range(2001, 2600));
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
        Map<Integer, Long> perSubtask = new HashMap<>();
        result.metrics().tasks().forEach(t -> t.operators().stream().filter(o -> o.operator().equals("spread"))
                .forEach(o -> perSubtask.merge(o.subtask(), o.recordsIn(), Long::sum)));
        assertThat(perSubtask).containsOnlyKeys(0, 1, 2);
        assertThat(perSubtask.values()).allSatisfy(n -> assertThat(n).isEqualTo(600));
    }

    @Test
    void shouldForwardBetweenEqualParallelism() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 1000).map(x -> x * 2).forward().map(x -> x + 1).disableChaining().sinkTo(sink);
        env.execute();
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(
                range(1, 1000).stream().map(x -> x * 2 + 1).toList());
    }

    @Test
    void shouldDeliverTimestampsWithRecords() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 100)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps()
                        .withTimestampAssigner((v, ts) -> v * 10))
                .rebalance()
                .map(x -> x)
                .sinkTo(sink);
        env.execute();
        assertThat(sink.timestamps()).containsExactlyElementsOf(range(1, 100).stream().map(x -> x * 10).toList());
    }

    @Test
    void shouldScopeKeyedStateOfAMapAppliedToAKeyedStream() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 99)
                .keyBy(x -> x % 4)
                .map(new io.sluice.api.functions.MapFunction<Long, String>() {
                    private transient ValueState<Long> seen;

                    @Override
                    public void open(RuntimeContext ctx) {
                        seen = ctx.getState(new ValueStateDescriptor<>("seen", Long.class));
                    }

                    @Override
                    public String map(Long value) {
                        long n = seen.value() == null ? 1 : seen.value() + 1;
                        seen.update(n);
                        return value % 4 + "#" + n;
                    }
                })
                .sinkTo(sink);
        env.execute();
        List<String> expected = new ArrayList<>();
        for (int key = 0; key < 4; key++) {
            for (int n = 1; n <= 25; n++) {
                expected.add(key + "#" + n);
            }
        }
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
    }
}
