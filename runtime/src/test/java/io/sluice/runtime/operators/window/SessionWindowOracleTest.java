package io.sluice.runtime.operators.window;

import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.WindowedStream;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.runtime.operators.window.EventTimeOracle.Expected;
import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.Fn;
import io.sluice.runtime.operators.window.WindowTestSupport.StreamShape;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;

import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameFirings;
import static io.sluice.runtime.operators.window.WindowTestSupport.assertSameLateEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.environment;
import static io.sluice.runtime.operators.window.WindowTestSupport.generate;
import static io.sluice.runtime.operators.window.WindowTestSupport.keyedEvents;
import static io.sluice.runtime.operators.window.WindowTestSupport.run;
import static io.sluice.runtime.operators.window.WindowTestSupport.sortingLists;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event-time session windows, run as real jobs over random out-of-order streams and compared with
 * {@link EventTimeOracle#sessions}: sessions merge whenever an element's {@code [ts, ts + gap)}
 * overlaps or touches them (late elements bridge sessions that already fired), each session
 * fires exactly the expected results, and with allowed lateness a merged session fires again.
 */
class SessionWindowOracleTest {

    private static final OutputTag<Ev> LATE = new OutputTag<>("late-sessions") {
    };

    private static final Fn[] FUNCTIONS = {Fn.REDUCE_WITH_WINDOW, Fn.AGGREGATE_WITH_WINDOW, Fn.PROCESS};

    static LongStream seeds() {
        return WindowTestSupport.seeds();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void sessionsMergeAndFireExactlyOnce(long seed) throws Exception {
        Random r = new Random(seed);
        long gap = 1 + r.nextInt(WindowTestSupport.pick(r, 5, 15, 40));
        check(seed, r, gap, 0, FUNCTIONS[(int) (seed % FUNCTIONS.length)], r.nextBoolean());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void lateElementsMergeSessionsThatFiredAndFireThemAgain(long seed) throws Exception {
        Random r = new Random(seed);
        long gap = 1 + r.nextInt(WindowTestSupport.pick(r, 5, 15, 40));
        long lateness = r.nextInt(4) == 0 ? Long.MAX_VALUE : 1 + r.nextInt(3 * (int) gap + 20);
        check(seed, r, gap, lateness, FUNCTIONS[(int) (seed % FUNCTIONS.length)], true);
    }

    /** An element between two sessions of a key, closer than the gap to both, makes them one. */
    @Test
    void shouldMergeTwoSessionsThatALateElementBridges() throws Exception {
        // key 0: sessions [0, 10) and [20, 30), then 10 bridges them; key 1: [5, 15) alone.
        List<Ev> input = List.of(Ev.event(0, 1, 0, 0), Ev.event(0, 2, 20, 1), Ev.event(1, 4, 5, 2),
                Ev.event(0, 8, 10, 3));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        Map<WindowId, List<Object>> actual = run(env,
                keyedEvents(env, input).window(EventTimeSessionWindows.withGap(Duration.ofMillis(10))),
                Fn.REDUCE_WITH_WINDOW, 1, 0, null, null, "bridged sessions");

        assertThat(actual).containsExactlyInAnyOrderEntriesOf(Map.of(
                new WindowId(0, 0, 30), List.of(11L),
                new WindowId(1, 5, 15), List.of(4L)));
    }

    /** Sessions merge however many other sessions of the key are live. */
    @Test
    void shouldMergeASessionWithTheOneItTouchesAmongManySessions() throws Exception {
        List<Ev> input = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            input.add(Ev.event(0, 1, 100 * i, i)); // sessions [100 i, 100 i + 10)
        }
        for (int i = 0; i < 8; i++) {
            input.add(Ev.event(0, 10, 100 * i + 5, 8 + i)); // each joins, and extends, session i
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        Map<WindowId, List<Object>> actual = run(env,
                keyedEvents(env, input).window(EventTimeSessionWindows.withGap(Duration.ofMillis(10))),
                Fn.REDUCE_WITH_WINDOW, 1, 0, null, null, "many sessions");

        Map<WindowId, List<Object>> expected = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            expected.put(new WindowId(0, 100 * i, 100 * i + 15), List.of(11L));
        }
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static void check(long seed, Random r, long gap, long lateness, Fn fn, boolean sideOutput)
            throws Exception {
        StreamShape shape = StreamShape.random(r);
        List<Ev> input = generate(r, shape);
        int parallelism = 1 + (int) (seed % 4);
        String context = "seed " + seed + ": sessions gap " + gap + " ms, allowed lateness " + lateness + " ms, " + fn
                + ", parallelism " + parallelism + (sideOutput ? ", late data to side output" : "") + ", " + shape;

        StreamEnvironment env = environment(r);
        WindowedStream<Ev, Integer, TimeWindow> windowed = keyedEvents(env, input)
                .window(EventTimeSessionWindows.<Ev>withGap(Duration.ofMillis(gap)))
                .allowedLateness(Duration.ofMillis(lateness));
        if (sideOutput) {
            windowed.sideOutputLateData(LATE);
        }
        CollectSink<Ev> lateSink = new CollectSink<>();
        Map<WindowId, List<Object>> actual = run(env, windowed, fn, parallelism, 0, sideOutput ? LATE : null,
                lateSink, context);

        Expected expected = EventTimeOracle.sessions(input, gap, lateness);
        assertThat(expected.firingCount()).as(context + ": the oracle expects firings").isPositive();
        assertSameFirings(context, sortingLists(expected.results(fn::expected)), sortingLists(actual));
        assertSameLateEvents(context, sideOutput ? expected.late() : List.of(), lateSink);
    }
}
