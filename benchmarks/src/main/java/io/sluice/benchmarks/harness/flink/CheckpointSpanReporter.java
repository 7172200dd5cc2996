package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.CheckpointStats;

import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.traces.Span;
import org.apache.flink.traces.reporter.TraceReporter;
import org.apache.flink.traces.reporter.TraceReporterFactory;

import java.util.Map;
import java.util.Properties;

/**
 * Hands Flink's per-checkpoint trace span to {@link CheckpointStats}. Flink's JobManager reports one
 * span named {@code Checkpoint} for every completed or failed checkpoint, with its trigger and
 * last-acknowledgement times, its state size and the maximum over tasks of alignment and sync
 * duration, on the thread that completes the checkpoint; in a MiniCluster that is this JVM, so no
 * REST API or sampling is needed. Installed by {@link FlinkEngine} for W4 through
 * {@code traces.reporter.<name>.factory.class}.
 */
public final class CheckpointSpanReporter implements TraceReporter {

    /** The span Flink's {@code DefaultCheckpointStatsTracker} reports per checkpoint. */
    static final String SPAN = "Checkpoint";

    @Override
    public void open(MetricConfig config) {
    }

    @Override
    public void close() {
    }

    @Override
    public void notifyOfAddedSpan(Span span) {
        if (!SPAN.equals(span.getName())) {
            return;
        }
        long now = System.nanoTime();
        Map<String, Object> a = span.getAttributes();
        if ("COMPLETED".equals(String.valueOf(a.get("checkpointStatus")))) {
            CheckpointStats.completed(new CheckpointStats.Checkpoint(now, number(a, "checkpointId"),
                    span.getEndTsMillis() - span.getStartTsMillis(), number(a, "fullSize"),
                    number(a, "maxAlignmentDurationMs"), number(a, "maxSyncCheckpointDurationMs")));
        } else {
            CheckpointStats.failed(now, 1);
        }
    }

    /** A numeric attribute, -1 when Flink did not report it. */
    private static long number(Map<String, Object> attributes, String name) {
        return attributes.get(name) instanceof Number n ? n.longValue() : -1;
    }

    /** Named in the configuration; Flink instantiates it by reflection. */
    public static final class Factory implements TraceReporterFactory {
        @Override
        public TraceReporter createTraceReporter(Properties properties) {
            return new CheckpointSpanReporter();
        }
    }
}
