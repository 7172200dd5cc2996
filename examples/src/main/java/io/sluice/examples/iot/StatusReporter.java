package io.sluice.examples.iot;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

import java.time.Instant;

/**
 * Prints each alert as it comes and, every interval of processing time, a status line with what the
 * job did so far ({@code status readings=1234 windows=456 alerts=7 late=3 watermark=...}), and a
 * last one ({@code final ...}) at the end of input. Runs with parallelism 1 under one key.
 */
final class StatusReporter extends KeyedProcessFunction<String, Progress, String> {

    private static final long serialVersionUID = 1L;

    /** The one key. */
    static final String ALL = "all";

    /** The counts so far. */
    record Counts(long readings, long windows, long alerts, long late) {
        Counts plus(Progress.What what) {
            return switch (what) {
                case READING -> new Counts(readings + 1, windows, alerts, late);
                case WINDOW -> new Counts(readings, windows + 1, alerts, late);
                case ALERT -> new Counts(readings, windows, alerts + 1, late);
                case LATE -> new Counts(readings, windows, alerts, late + 1);
            };
        }
    }

    private final long intervalMs;
    private transient ValueState<Counts> counts;

    StatusReporter(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void open(RuntimeContext context) {
        counts = context.getState(new ValueStateDescriptor<>("counts", Counts.class));
    }

    @Override
    public void processElement(Progress p, Context ctx, Collector<String> out) {
        Counts c = counts.value();
        if (c == null) {
            c = new Counts(0, 0, 0, 0);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer((now / intervalMs + 1) * intervalMs);
        }
        counts.update(c.plus(p.what()));
        if (p.what() == Progress.What.ALERT) {
            out.collect(p.line());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        long watermark = ctx.timerService().currentWatermark();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (watermark == Long.MAX_VALUE) {
                return; // the final line is on its way
            }
            out.collect(line("status", counts.value(), watermark));
            ctx.timerService().registerProcessingTimeTimer(timestamp + intervalMs);
        } else {
            out.collect(line("final", counts.value(), watermark));
        }
    }

    static String line(String prefix, Counts c, long watermark) {
        String time = watermark == Long.MIN_VALUE ? "none" : watermark == Long.MAX_VALUE ? "end"
                : Instant.ofEpochMilli(watermark).toString();
        return prefix + " readings=" + c.readings() + " windows=" + c.windows() + " alerts=" + c.alerts()
                + " late=" + c.late() + " watermark=" + time;
    }
}
