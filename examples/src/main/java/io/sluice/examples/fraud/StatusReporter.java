package io.sluice.examples.fraud;

import io.sluice.api.checkpoint.CheckpointListener;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The status line, once per interval of processing time and once at the end:
 * {@code STATUS 12:00:03 transactions=1234 alerts=5 watermark=2026-03-02T04:11:00Z checkpoints=3}.
 * Totals come from the detectors' progress reports (the latest of each subtask), the watermark is
 * this operator's, and checkpoints are counted as they complete. Runs at parallelism 1 on one key.
 * The figures are not checkpointed: after a restore they count from the restore.
 */
final class StatusReporter extends KeyedProcessFunction<Integer, Progress, String> implements CheckpointListener {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final long intervalMs;

    private transient Map<Integer, Progress> latest;
    private transient long checkpoints;
    private transient boolean scheduled;

    StatusReporter(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void open(RuntimeContext ctx) {
        latest = new HashMap<>();
    }

    @Override
    public void processElement(Progress p, Context ctx, Collector<String> out) {
        latest.put(p.subtask(), p);
        if (!scheduled) {
            scheduled = true;
            ctx.timerService().registerProcessingTimeTimer(ctx.currentProcessingTime() + intervalMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        long transactions = 0;
        long alerts = 0;
        for (Progress p : latest.values()) {
            transactions += p.transactions();
            alerts += p.alerts();
        }
        long watermark = ctx.currentWatermark();
        boolean end = watermark == Long.MAX_VALUE;
        String time = watermark == Long.MIN_VALUE ? "none" : end ? "end" : Instant.ofEpochMilli(watermark).toString();
        out.collect("STATUS " + (end ? "final" : CLOCK.format(Instant.ofEpochMilli(timestamp))) + " transactions="
                + transactions + " alerts=" + alerts + " watermark=" + time + " checkpoints=" + checkpoints);
        // at the end of input a timer set here is dropped: the line above was the last
        ctx.timerService().registerProcessingTimeTimer(timestamp + intervalMs);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpoints++;
    }
}
