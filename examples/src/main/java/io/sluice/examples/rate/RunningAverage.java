package io.sluice.examples.rate;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.connectors.datagen.RateEvent;

import java.util.Locale;

/**
 * Keeps the number and sum of the rows' values of its key, and reports their average once per
 * second of processing time, like the output of a Spark micro-batch ({@code rows=1234 avg=616.5}),
 * and once more at the end of input ({@code final rows=1000 avg=499.5}). Runs on the operator's
 * worker thread.
 *
 * <p>The end of input is seen as an event-time timer at {@code Long.MAX_VALUE}: the watermark
 * reaches it only when every source has ended.
 */
final class RunningAverage extends KeyedProcessFunction<String, RateEvent, String> {

    private static final long serialVersionUID = 1L;

    /** Time between two reports. */
    static final long REPORT_INTERVAL_MS = 1000;

    /** The rows of a key so far. */
    record Totals(long rows, long sum) {
        double average() {
            return rows == 0 ? 0.0 : (double) sum / rows;
        }
    }

    private transient ValueState<Totals> totals;
    private transient ValueState<Long> nextReportMs;

    @Override
    public void open(RuntimeContext context) {
        totals = context.getState(new ValueStateDescriptor<>("totals", Totals.class));
        nextReportMs = context.getState(new ValueStateDescriptor<>("next-report-ms", Long.class));
    }

    @Override
    public void processElement(RateEvent row, Context ctx, Collector<String> out) {
        Totals current = totals.value();
        if (current == null) {
            current = new Totals(0, 0);
            TimerService timers = ctx.timerService();
            timers.registerEventTimeTimer(Long.MAX_VALUE);
            long firstReportMs = (timers.currentProcessingTime() / REPORT_INTERVAL_MS + 1) * REPORT_INTERVAL_MS;
            timers.registerProcessingTimeTimer(firstReportMs);
            nextReportMs.update(firstReportMs);
        }
        totals.update(new Totals(current.rows() + 1, current.sum() + row.value()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        Totals current = totals.value();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            out.collect(report(current));
            long nextMs = timestamp + REPORT_INTERVAL_MS;
            ctx.timerService().registerProcessingTimeTimer(nextMs);
            nextReportMs.update(nextMs);
        } else {
            Long pending = nextReportMs.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
                nextReportMs.clear();
            }
            out.collect("final " + report(current));
        }
    }

    static String report(Totals totals) {
        return String.format(Locale.ROOT, "rows=%d avg=%.1f", totals.rows(), totals.average());
    }
}
