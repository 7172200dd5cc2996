package io.sluice.benchmarks.state;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.WindowedStream;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.EventTimeSessionWindows;
import io.sluice.api.windowing.SlidingEventTimeWindows;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.W1Functions;
import io.sluice.benchmarks.harness.sluice.GeneratorSource;
import io.sluice.benchmarks.pipeline.CountingSink;
import io.sluice.state.offheap.StateLookups;

import java.time.Duration;

/**
 * Hash lookups of keyed state and timers per element, for each window kind with a reduce, with
 * window slicing ({@code execution.window-slicing}) on and off: the off-heap backend counts its
 * probes ({@link StateLookups}), and the job runs at parallelism 1, so only the window task probes.
 * The stream is the harness's W2 stream (1,000 events per ms, keys round-robin); for sessions, time
 * jumps 100 ms after every fourth round of keys, so each key's sessions hold four elements.
 *
 * <pre>java -cp ... io.sluice.benchmarks.state.WindowLookups [events] [keys]</pre>
 */
public final class WindowLookups {

    private WindowLookups() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sluice.state.count-lookups", "true"); // before any state class loads
        long events = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
        long keys = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        if (!StateLookups.counting()) {
            throw new IllegalStateException("state lookups are not counted: the state classes loaded too early");
        }
        System.out.printf("%-10s %-8s %14s%n", "window", "slicing", "lookups/event");
        for (String kind : new String[] {"tumbling", "sliding", "session"}) {
            for (boolean slicing : new boolean[] {false, true}) {
                long before = StateLookups.count();
                run(kind, slicing, events, keys);
                double perEvent = (StateLookups.count() - before) / (double) events;
                System.out.printf("%-10s %-8s %14.2f%n", kind, slicing ? "on" : "off", perEvent);
            }
        }
    }

    private static void run(String kind, boolean slicing, long events, long keys) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.config().set(ExecutionOptions.WINDOW_SLICING, slicing);
        long sessionRound = keys * 4;
        var stream = env.fromSource(GeneratorSource.unlimited(events, keys),
                        WatermarkStrategy.<BenchEvent>forBoundedOutOfOrderness(Duration.ofMillis(100))
                                .withTimestampAssigner((e, ts) -> kind.equals("session")
                                        ? e.timestamp + e.value / sessionRound * 100 : e.timestamp), "generator")
                .keyBy(e -> e.key);
        WindowedStream<BenchEvent, Long, TimeWindow> windowed = switch (kind) {
            case "tumbling" -> stream.window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
            case "sliding" -> stream.window(SlidingEventTimeWindows.of(Duration.ofSeconds(1), Duration.ofMillis(200)));
            default -> stream.window(EventTimeSessionWindows.withGap(Duration.ofMillis(keys / 1000 * 3 / 2 + 1)));
        };
        windowed.reduce(W1Functions::sum).sinkTo(new CountingSink<>());
        env.execute("window-lookups-" + kind);
    }
}
