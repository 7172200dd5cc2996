package io.sluice.examples.rate;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.connectors.datagen.RateEvent;
import io.sluice.connectors.datagen.RateSource;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

/**
 * Spark's rate-source demo on Sluice: a {@link RateSource} emits rows at a fixed rate with
 * event timestamps, and the running average of their values is printed once per second of
 * processing time ({@code rows=1234 avg=616.5}), then once more when the bounded source has ended.
 *
 * <pre>
 * RateAverage [--rows-per-second N] [--seconds S]
 * </pre>
 *
 * The source emits {@code N * S} rows, so the job ends by itself after about {@code S} seconds.
 */
public final class RateAverage implements Job {

    static final String USAGE = "usage: RateAverage [--rows-per-second N] [--seconds S]"
            + "\n  --rows-per-second N  rows emitted per second over all subtasks (default 100)"
            + "\n  --seconds S          how long the source runs before it ends (default 10)";

    /** The one key: the average is over all rows. */
    static final String ALL_ROWS = "all";

    public static void main(String[] args) throws Exception {
        Launcher.run(new RateAverage(), "rate-average", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Flags flags = Flags.parse(args, USAGE, "rows-per-second", "seconds");
        long rowsPerSecond = flags.getPositiveLong("rows-per-second", 100);
        long seconds = flags.getPositiveLong("seconds", 10);
        long totalRows;
        try {
            totalRows = Math.multiplyExact(rowsPerSecond, seconds);
        } catch (ArithmeticException e) {
            throw flags.usageError("--rows-per-second " + rowsPerSecond + " times --seconds " + seconds
                    + " overflows a long; lower one of them");
        }

        env.fromSource(RateSource.of(rowsPerSecond).limit(totalRows),
                        WatermarkStrategy.<RateEvent>forMonotonousTimestamps(), "rate")
                .keyBy(row -> ALL_ROWS)
                .process(new RunningAverage()).name("running-average").setParallelism(1)
                .sinkTo(ConsoleSink.<String>stdout().withFlushOnEveryLine()).name("print").setParallelism(1);
    }
}
