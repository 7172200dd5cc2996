package io.sluice.runtime.task;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedCoProcessFunction;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.internal.CollectionSource;
import io.sluice.api.time.WatermarkGenerator;
import io.sluice.api.time.WatermarkOutput;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A task fires at most one budget of timers ({@code batchSize}) per turn, whatever a watermark,
 * the clock or the end of input releases at once, behind a chained sink that never pushes back;
 * a watermark goes on only after every timer at or below it has fired, in timestamp order; and
 * every timer fires exactly once. The tasks run on the test's thread ({@link ManualTasks}) so that
 * every turn can be looked at, and the same jobs run on the executor against the same oracle.
 */
class TimerFiringPerTurnTest {

    private static final int BATCH = 128;
    /** Processing-time timers this far out fire only at the end of input. */
    private static final long FUTURE_MS = 4_000_000_000_000L;

    /** Timers fired so far, by every subtask (a static: functions are copied into each subtask). */
    private static final AtomicLong FIRED = new AtomicLong();

    /** An input event, or a marker (key -1) after which the source's watermark is its time. */
    public record Event(long key, long ts) {
    }

    /** A timer that fired, as the operator after the timers' one saw it, with its own watermark then. */
    public record Seen(int subtask, long key, long ts, long downstreamWatermark) {
    }

    /** Emits a watermark at each marker: the test decides exactly which timers one watermark passes. */
    static final class AtMarkers implements WatermarkGenerator<Event> {
        @Override
        public void onEvent(Event event, long eventTimestamp, WatermarkOutput output) {
            if (event.key() < 0) {
                output.emitWatermark(event.ts());
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /**
     * Per subtask: set once it has taken an event of the second phase. A first-phase timer that
     * fires after that was cut off from its watermark's firing: the task read on before it was done.
     */
    private static final boolean[] READ_SECOND_PHASE = new boolean[2];
    private static final long[] FIRED_AFTER_READING_ON = new long[2];

    /** One event-time timer per event, at its time; a timer emits its key and time. */
    static final class EventTimerPerEvent extends KeyedProcessFunction<Long, Event, long[]> {
        private transient int subtask;

        @Override
        public void open(RuntimeContext ctx) {
            subtask = ctx.subtaskIndex();
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<long[]> out) {
            if (e.key() >= 0) {
                ctx.timerService().registerEventTimeTimer(e.ts());
                READ_SECOND_PHASE[subtask] |= e.ts() >= SPAN;
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<long[]> out) {
            FIRED.incrementAndGet();
            if (timestamp < SPAN && READ_SECOND_PHASE[subtask]) {
                FIRED_AFTER_READING_ON[subtask]++;
            }
            out.collect(new long[]{ctx.getCurrentKey(), timestamp});
        }
    }

    /** Makes its own event time from what the timers emit: a watermark just below each record. */
    static final class JustBelowEachRecord implements WatermarkGenerator<long[]> {
        @Override
        public void onEvent(long[] fired, long eventTimestamp, WatermarkOutput output) {
            output.emitWatermark(eventTimestamp - 1);
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    /** Both inputs' events alike: one event-time timer per event, at its time. */
    static final class EventTimerPerEventOfEitherInput extends KeyedCoProcessFunction<Long, Event, Event, long[]> {
        @Override
        public void processElement1(Event e, Context ctx, Collector<long[]> out) {
            if (e.key() >= 0) {
                ctx.timerService().registerEventTimeTimer(e.ts());
            }
        }

        @Override
        public void processElement2(Event e, Context ctx, Collector<long[]> out) {
            processElement1(e, ctx, out);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<long[]> out) {
            FIRED.incrementAndGet();
            out.collect(new long[]{ctx.getCurrentKey(), timestamp});
        }
    }

    /** Per key event, {@code perKey} processing-time timers already due and as many due only at the end. */
    static final class ProcessingTimersPerKey extends KeyedProcessFunction<Long, Long, long[]> {
        private final int perKey;

        ProcessingTimersPerKey(int perKey) {
            this.perKey = perKey;
        }

        @Override
        public void processElement(Long key, Context ctx, Collector<long[]> out) {
            for (int j = 1; j <= perKey; j++) {
                ctx.timerService().registerProcessingTimeTimer(j);
                ctx.timerService().registerProcessingTimeTimer(FUTURE_MS + j);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<long[]> out) {
            FIRED.incrementAndGet();
            out.collect(new long[]{ctx.getCurrentKey(), timestamp});
        }
    }

    /** Chained after the timers' operator: records each timer with this operator's watermark at arrival. */
    static final class RecordArrival extends ProcessFunction<long[], Seen> {
        private transient int subtask;

        @Override
        public void open(RuntimeContext ctx) {
            subtask = ctx.subtaskIndex();
        }

        @Override
        public void processElement(long[] fired, Context ctx, Collector<Seen> out) {
            out.collect(new Seen(subtask, fired[0], fired[1], ctx.currentWatermark()));
        }
    }

    // ---- event time ------------------------------------------------------------------------------

    /** Phases of random out-of-order events, each closed by a marker at its end (the last by end of input). */
    /** The event time each phase spans. */
    private static final long SPAN = 10_000;

    private static List<Event> phases(long seed, int... sizes) {
        Random random = new Random(seed);
        long span = SPAN;
        List<Event> events = new ArrayList<>();
        for (int p = 0; p < sizes.length; p++) {
            for (int i = 0; i < sizes[p]; i++) {
                events.add(new Event(random.nextInt(500), p * span + random.nextInt((int) span)));
            }
            if (p < sizes.length - 1) {
                events.add(new Event(-1, (p + 1) * span - 1));
            }
        }
        return events;
    }

    /** Assigned after the source, where a watermark goes out as soon as it is made. */
    private static final WatermarkStrategy<Event> MARKERS = WatermarkStrategy.<Event>forGenerator(AtMarkers::new)
            .withTimestampAssigner((e, ts) -> e.ts());

    private static CollectSink<Seen> eventTimeJob(StreamEnvironment env, List<Event> events) {
        CollectSink<Seen> sink = new CollectSink<>();
        withMarkers(env, events)
                .keyBy(Event::key).process(new EventTimerPerEvent()).name("timers")
                .process(new RecordArrival()).name("arrivals")
                .sinkTo(sink).name("sink");
        return sink;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldFireTheTimersOfAWatermarkOverManyTurnsOfOneBudgetEachAndForwardItOnlyAfterThem(long seed)
            throws Exception {
        List<Event> events = phases(seed, 200_000, 20_000, 30_000);
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = eventTimeJob(env, events);

        TurnCounter turns = runTurnByTurn(env);
        List<Seen> seen = sink.values();
        // the first watermark passes about 100,000 timers in each of the two subtasks
        assertEveryTimerOnceInOrderABudgetPerTurn(seen, events, turns);
        assertThat(turns.turnsFiring).as("turns that fired timers").isGreaterThanOrEqualTo(seen.size() / BATCH);
        // the recorded watermarks are real: the later phases' timers arrived after the first watermark
        assertThat(seen).anyMatch(s -> s.downstreamWatermark() == 10_000 - 1);
        assertThat(FIRED_AFTER_READING_ON).as("first-phase timers fired after the task read on").containsOnly(0);
    }

    @Test
    void shouldFireAWatermarksTimersToTheEndWhenAChainedOperatorMakesItsOwnTimeFromTheirOutput() throws Exception {
        List<Event> events = phases(7, 100_000, 20_000, 20_000);
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = new CollectSink<>();
        // chained after the timers: a watermark of its own with each record, while the timers fire
        withMarkers(env, events).keyBy(Event::key).process(new EventTimerPerEvent()).name("timers")
                .assignTimestampsAndWatermarks(WatermarkStrategy.<long[]>forGenerator(JustBelowEachRecord::new)
                        .withTimestampAssigner((fired, ts) -> ts)).name("own-time")
                .process(new RecordArrival()).name("arrivals")
                .sinkTo(sink).name("sink");

        TurnCounter turns = runTurnByTurn(env);
        List<Seen> seen = sink.values();
        assertEveryTimerOnceInOrderABudgetPerTurn(seen, events, turns);
        assertThat(FIRED_AFTER_READING_ON).as("first-phase timers fired after the task read on").containsOnly(0);
    }

    @Test
    void shouldBoundTheTimersOfATwoInputOperatorWhoseWatermarkIsTheLowerOfItsInputs() throws Exception {
        List<Event> events = phases(6, 160_000, 20_000, 20_000);
        // every other event, and every marker, to each input: the operator's watermark moves only
        // once both inputs' have
        List<Event> first = new ArrayList<>();
        List<Event> second = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.key() < 0) {
                first.add(e);
                second.add(e);
            } else {
                (i % 2 == 0 ? first : second).add(e);
            }
        }
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = new CollectSink<>();
        withMarkers(env, first).connect(withMarkers(env, second)).keyBy(Event::key, Event::key)
                .process(new EventTimerPerEventOfEitherInput()).name("timers")
                .process(new RecordArrival()).name("arrivals")
                .sinkTo(sink).name("sink");

        TurnCounter turns = runTurnByTurn(env);
        List<Seen> seen = sink.values();
        assertEveryTimerOnceInOrderABudgetPerTurn(seen, events, turns);
        assertThat(turns.turnsFiring).as("turns that fired timers").isGreaterThanOrEqualTo(seen.size() / BATCH);
        assertThat(seen).anyMatch(s -> s.downstreamWatermark() == 10_000 - 1);
    }

    /** Runs the job's tasks on this thread, one turn at a time, counting the timers each turn fires. */
    private static TurnCounter runTurnByTurn(StreamEnvironment env) throws Exception {
        TurnCounter turns = new TurnCounter();
        try (ManualTasks job = new ManualTasks(env)) {
            job.runAll(turns, Duration.ofSeconds(60));
        }
        return turns;
    }

    /** Every event's timer once, in time order, never behind the watermark, and full budgets fired. */
    private static void assertEveryTimerOnceInOrderABudgetPerTurn(List<Seen> seen, List<Event> events,
                                                                  TurnCounter turns) {
        assertExactlyOnce(seen, eventOracle(events));
        assertInTimeOrderAndNeverBehindTheWatermark(seen);
        assertThat(turns.max).as("most timers fired in one turn").isEqualTo(BATCH);
    }

    private static DataStream<Event> withMarkers(StreamEnvironment env, List<Event> events) {
        return env.fromCollection(events).assignTimestampsAndWatermarks(MARKERS).setParallelism(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 4, 5})
    void shouldFireEveryEventTimeTimerOnceInOrderOnTheExecutor(long seed) throws Exception {
        List<Event> events = phases(seed, 30_000, 5_000, 10_000);
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = eventTimeJob(env, events);

        env.execute("event-timers-" + seed);

        List<Seen> seen = sink.values();
        assertExactlyOnce(seen, eventOracle(events));
        assertInTimeOrderAndNeverBehindTheWatermark(seen);
        assertThat(FIRED_AFTER_READING_ON).as("first-phase timers fired after the task read on").containsOnly(0);
    }

    private static List<String> eventOracle(List<Event> events) {
        TreeSet<String> timers = new TreeSet<>();
        for (Event e : events) {
            if (e.key() >= 0) {
                timers.add(e.key() + "@" + e.ts());
            }
        }
        return new ArrayList<>(timers);
    }

    /**
     * Per subtask, in arrival: timestamps never go back, and each timer arrives while the next
     * operator's watermark is still below it (a timer passed by a watermark fired before that
     * watermark went on).
     */
    private static void assertInTimeOrderAndNeverBehindTheWatermark(List<Seen> seen) {
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (Seen s : seen) {
            assertThat(s.ts()).as("timer %s fired after a later one", s).isGreaterThanOrEqualTo(last[s.subtask()]);
            last[s.subtask()] = s.ts();
            assertThat(s.ts()).as("timer %s arrived after a watermark that passed it", s)
                    .isGreaterThan(s.downstreamWatermark());
        }
    }

    // ---- processing time -------------------------------------------------------------------------

    private static CollectSink<Seen> processingTimeJob(StreamEnvironment env, List<Long> keys, int perKey) {
        CollectSink<Seen> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(keys), WatermarkStrategy.noWatermarks(), "keys").setParallelism(1)
                .keyBy(k -> k).process(new ProcessingTimersPerKey(perKey)).name("timers")
                .process(new RecordArrival()).name("arrivals")
                .sinkTo(sink).name("sink");
        return sink;
    }

    private static List<String> processingOracle(List<Long> keys, int perKey) {
        TreeSet<String> timers = new TreeSet<>();
        for (long k : keys) {
            for (int j = 1; j <= perKey; j++) {
                timers.add(k + "@" + j);
                timers.add(k + "@" + (FUTURE_MS + j));
            }
        }
        return new ArrayList<>(timers);
    }

    @Test
    void shouldFireDueAndEndOfInputProcessingTimersOverManyTurnsOfOneBudgetEachInTimeOrder() throws Exception {
        List<Long> keys = new ArrayList<>();
        for (long k = 0; k < 100; k++) {
            keys.add(k);
        }
        int perKey = 1_000; // 100,000 timers due at once, and as many at the end of input
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = processingTimeJob(env, keys, perKey);

        TurnCounter turns = new TurnCounter();
        try (ManualTasks job = new ManualTasks(env)) {
            // the source first, to its end: each keyed subtask then takes all its keys in one turn,
            // so all its due timers are due at once
            job.runAlone(job.tasks().get(0), turns, Duration.ofSeconds(30));
            job.runAll(turns, Duration.ofSeconds(60));
        }

        List<Seen> seen = sink.values();
        assertExactlyOnce(seen, processingOracle(keys, perKey));
        long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
        for (Seen s : seen) {
            assertThat(s.ts()).as("timer %s fired after a later one", s).isGreaterThanOrEqualTo(last[s.subtask()]);
            last[s.subtask()] = s.ts();
        }
        assertThat(turns.max).as("most timers fired in one turn").isEqualTo(BATCH);
        assertThat(turns.turnsFiring).as("turns that fired timers").isGreaterThanOrEqualTo(seen.size() / BATCH);
    }

    @Test
    void shouldFireEveryProcessingTimeTimerOnceOnTheExecutor() throws Exception {
        List<Long> keys = new ArrayList<>();
        for (long k = 0; k < 50; k++) {
            keys.add(k * 7919);
        }
        StreamEnvironment env = environment();
        CollectSink<Seen> sink = processingTimeJob(env, keys, 400);

        env.execute("processing-timers");

        assertExactlyOnce(sink.values(), processingOracle(keys, 400));
    }

    // ---- shared ----------------------------------------------------------------------------------

    private static StreamEnvironment environment() {
        java.util.Arrays.fill(READ_SECOND_PHASE, false);
        java.util.Arrays.fill(FIRED_AFTER_READING_ON, 0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.set(ExecutionOptions.BATCH_SIZE, BATCH);
        return env;
    }

    private static void assertExactlyOnce(List<Seen> seen, List<String> oracle) {
        List<String> fired = new ArrayList<>();
        for (Seen s : seen) {
            fired.add(s.key() + "@" + s.ts());
        }
        fired.sort(null);
        assertThat(fired).as("every timer, once").hasSize(oracle.size());
        assertThat(fired).as("every timer, once").isEqualTo(oracle);
    }

    /** Counts the timers each turn fired. */
    private static final class TurnCounter implements ManualTasks.TurnObserver {
        long before = FIRED.get();
        long max;
        int turnsFiring;

        @Override
        public void afterTurn(StreamTask task) {
            long now = FIRED.get();
            long fired = now - before;
            before = now;
            assertThat(fired).as("timers fired in one turn of %s", task.name()).isLessThanOrEqualTo(BATCH);
            max = Math.max(max, fired);
            if (fired > 0) {
                turnsFiring++;
            }
        }
    }
}
