package io.sluice.runtime.server;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.runtime.checkpoint.CheckpointRecord;
import io.sluice.runtime.executor.ManagedJob;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of jobs, jars and checkpoints (maps in a fixed order, written by Jackson). */
final class JobViews {

    private JobViews() {
    }

    static Map<String, Object> jar(StoredJar jar) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", jar.id());
        m.put("name", jar.name());
        m.put("size", jar.size());
        m.put("uploadedAt", jar.uploadedAt().toString());
        m.put("jobClass", jar.jobClass());
        return m;
    }

    static Map<String, Object> summary(RuntimeJob job, long nowMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", job.id());
        m.put("name", job.name());
        m.put("state", job.status().name());
        Instant start = job.startTime();
        m.put("startTime", start.toString());
        ManagedJob running = job.running();
        Instant end = running == null ? null : running.endTime();
        m.put("uptimeMs", running == null ? 0 : Math.max(0, (end == null ? nowMs : end.toEpochMilli())
                - start.toEpochMilli()));
        m.put("restarts", running == null ? 0 : running.checkpointMetrics().restarts());
        return m;
    }

    static Map<String, Object> detail(RuntimeJob job, long nowMs) {
        Map<String, Object> m = summary(job, nowMs);
        ManagedJob running = job.running();
        Instant end = running == null ? null : running.endTime();
        m.put("endTime", end == null ? null : end.toString());
        StoredJob stored = job.stored();
        m.put("jobClass", stored.jobClass());
        m.put("arguments", stored.arguments());
        m.put("parallelism", parallelism(stored));
        m.put("configuration", stored.configuration());
        ManagedJob.Failure failure = running != null && running.lastFailure() != null ? running.lastFailure()
                : job.startFailure();
        m.put("lastFailure", failure == null ? null : failure(failure));
        return m;
    }

    private static Object parallelism(StoredJob stored) {
        String p = stored.configuration().get("pipeline.parallelism");
        return p == null ? null : Integer.valueOf(p);
    }

    private static Map<String, Object> failure(ManagedJob.Failure failure) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", failure.time().toString());
        m.put("message", String.valueOf(failure.cause().getMessage() != null ? failure.cause().getMessage()
                : failure.cause().toString()));
        StringWriter trace = new StringWriter();
        failure.cause().printStackTrace(new PrintWriter(trace));
        m.put("stackTrace", trace.toString());
        return m;
    }

    static Map<String, Object> graph(RuntimeJob job, Configuration runtimeConfiguration) {
        ManagedJob running = job.running();
        if (running == null) {
            throw new ApiException(409, "job " + job.id() + " never started in this runtime ("
                    + job.status() + "), so it has no graph");
        }
        String capacity = job.stored().configuration().get(ExecutionOptions.CHANNEL_CAPACITY.key());
        int slots = capacity != null ? Integer.parseInt(capacity) : runtimeConfiguration.get(
                ExecutionOptions.CHANNEL_CAPACITY);
        int rounded = Integer.highestOneBit(Math.max(1, slots - 1)) << 1;
        return JobGraphView.of(running.plan(), job.previousSample(), job.latestSample(), rounded,
                System.currentTimeMillis());
    }

    static Map<String, Object> checkpoints(RuntimeJob job) {
        ManagedJob running = job.running();
        CheckpointMetrics metrics = running == null ? CheckpointMetrics.NONE : running.checkpointMetrics();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("completed", metrics.completed());
        counts.put("failed", metrics.failed());
        counts.put("inProgress", metrics.inProgress());
        counts.put("restarts", metrics.restarts());
        List<Map<String, Object>> history = new ArrayList<>();
        Map<String, Object> latest = null;
        if (running != null) {
            for (CheckpointRecord r : running.checkpointHistory()) {
                Map<String, Object> view = checkpoint(r);
                history.add(view);
                if (latest == null && r.status() == CheckpointRecord.Status.COMPLETED) {
                    latest = view;
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("counts", counts);
        m.put("latest", latest);
        m.put("restoredFrom", metrics.lastRestoredId() < 0 ? null : metrics.lastRestoredId());
        m.put("lastFailure", metrics.lastFailure().isEmpty() ? null : metrics.lastFailure());
        m.put("history", history);
        return m;
    }

    private static Map<String, Object> checkpoint(CheckpointRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.savepoint() ? "SAVEPOINT" : "CHECKPOINT");
        m.put("status", r.status().name());
        m.put("triggerTime", Instant.ofEpochMilli(r.triggerTimeMs()).toString());
        m.put("durationMs", r.durationMs());
        m.put("sizeBytes", r.sizeBytes());
        m.put("alignmentMs", r.alignmentMs());
        m.put("path", r.path());
        m.put("failure", r.failure());
        return m;
    }
}
