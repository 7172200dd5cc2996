package io.sluice.runtime.it;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.PipelineOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A KeyedCoProcessFunction joins "events" (input 1) with "rules" (input 2) by key in event time:
 * each event waits in keyed state for an event-time timer at its timestamp, then meets the rule of
 * its key with the latest timestamp at or before it. Over random out-of-order input (never late
 * for its bounded out-of-orderness), the output equals a brute-force oracle whatever the
 * interleaving of the two inputs: keyed state and timers are shared by both inputs, and a timer
 * fires only when the watermark of both inputs has passed it. The function itself checks that
 * timers fire in order and never ahead of the watermark.
 */
class KeyedCoProcessOracleTest {

    public record Event(long key, long ts, long amount) {
    }

    public record Rule(long key, long ts, long threshold) {
    }

    static final class JoinRules extends KeyedCoProcessFunction<Long, Event, Rule, String> {
        private transient MapState<Long, Long> rules;
        private transient ListState<Event> pending;
        private transient long lastFired;

        @Override
        public void open(RuntimeContext ctx) {
            rules = ctx.getMapState(new MapStateDescriptor<>("rules", Long.class, Long.class));
            pending = ctx.getListState(new ListStateDescriptor<>("pending", Event.class));
            lastFired = Long.MIN_VALUE;
        }

        @Override
        public void processElement1(Event event, Context ctx, Collector<String> out) {
            requireOnTime(event.ts(), ctx);
            requireKey(event.key(), ctx);
            pending.add(event);
            ctx.timerService().registerEventTimeTimer(event.ts());
        }

        @Override
        public void processElement2(Rule rule, Context ctx, Collector<String> out) {
            requireOnTime(rule.ts(), ctx);
            requireKey(rule.key(), ctx);
            rules.put(rule.ts(), rule.threshold());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            if (ctx.timeDomain() != TimeDomain.EVENT_TIME || timestamp > ctx.timerService().currentWatermark()
                    || timestamp < lastFired) {
                throw new IllegalStateException("timer " + timestamp + " fired out of order: last " + lastFired
                        + ", watermark " + ctx.timerService().currentWatermark());
            }
            lastFired = timestamp;
            long ruleTs = Long.MIN_VALUE;
            Long threshold = null;
            for (Map.Entry<Long, Long> r : rules.entries()) {
                if (r.getKey() <= timestamp && r.getKey() > ruleTs) {
                    ruleTs = r.getKey();
                    threshold = r.getValue();
                }
            }
            List<Event> later = new ArrayList<>();
            for (Event e : pending.get()) {
                if (e.ts() == timestamp) {
                    out.collect(describe(e, threshold));
                } else {
                    later.add(e);
                }
            }
            pending.update(later);
        }

        private static void requireOnTime(long ts, Context ctx) {
            if (ts <= ctx.timerService().currentWatermark()) {
                throw new IllegalStateException("element at " + ts + " behind the watermark "
                        + ctx.timerService().currentWatermark());
            }
        }

        private static void requireKey(long key, Context ctx) {
            if (ctx.getCurrentKey() != key) {
                throw new IllegalStateException("key " + ctx.getCurrentKey() + " current for an element of key " + key);
            }
        }
    }

    /** Spins about 100 µs: the rules arrive well after the events of the same time. */
    static Rule slowly(Rule rule) {
        long until = System.nanoTime() + 100_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return rule;
    }

    static String describe(Event e, Long threshold) {
        String verdict = threshold == null ? "no-rule" : e.amount() > threshold ? "alert" : "ok";
        return e.key() + ":" + e.ts() + ":" + e.amount() + ":" + threshold + ":" + verdict;
    }

    /** The brute force: every event against every rule of its key. */
    static List<String> oracle(List<Event> events, List<Rule> rules) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            Rule best = null;
            for (Rule r : rules) {
                if (r.key() == e.key() && r.ts() <= e.ts() && (best == null || r.ts() > best.ts())) {
                    best = r;
                }
            }
            out.add(describe(e, best == null ? null : best.threshold()));
        }
        out.sort(null);
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void joinEqualsTheOracle(long seed) throws Exception {
        Random r = new Random(seed);
        int keys = 1 + r.nextInt(8);
        int disorder = r.nextInt(40);
        // events: increasing base times, each late by at most `disorder` (never late for the watermark)
        List<Event> events = new ArrayList<>();
        long base = 0;
        for (int i = 0; i < 3_000; i++) {
            base += r.nextInt(3);
            events.add(new Event(r.nextInt(keys), base + r.nextInt(disorder + 1), r.nextInt(1_000)));
        }
        // rules: distinct timestamps (slots of 2 * (disorder + 1)), shuffled within the same bound
        List<Rule> rules = new ArrayList<>();
        int ruleCount = 20 + r.nextInt(200);
        long slot = 2L * (disorder + 1);
        long spread = Math.max(1, base / ruleCount / slot);
        for (int j = 0; j < ruleCount; j++) {
            long ts = (j * spread) * slot + r.nextInt(disorder + 1);
            rules.add(new Rule(r.nextInt(keys), ts, r.nextInt(1_000)));
        }
        rules.sort(Comparator.comparingLong(x -> x.ts() - r.nextInt(disorder + 1))); // out of order, within bounds

        StreamEnvironment env = StreamEnvironment.create().setParallelism(1 + (int) (seed % 3));
        env.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(1));
        Duration bound = Duration.ofMillis(disorder);
        DataStream<Event> eventStream = env.fromCollection(events).name("events")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(bound)
                        .withTimestampAssigner((e, ts) -> e.ts()));
        DataStream<Rule> ruleStream = env.fromCollection(rules).name("rules")
                .map(KeyedCoProcessOracleTest::slowly).name("slow-rules") // input 1's watermarks run ahead
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Rule>forBoundedOutOfOrderness(bound)
                        .withTimestampAssigner((x, ts) -> x.ts()));
        CollectSink<String> sink = new CollectSink<>();
        eventStream.connect(ruleStream)
                .keyBy(Event::key, Rule::key)
                .process(new JoinRules()).name("join-rules")
                .sinkTo(sink);
        env.execute();

        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(oracle(events, rules));
        assertThat(sink.timestamps()).as("timer output carries the timer's timestamp")
                .doesNotContain(Long.MIN_VALUE);
    }
}
