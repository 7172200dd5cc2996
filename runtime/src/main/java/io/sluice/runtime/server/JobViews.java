package io.sluice.runtime.server;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.runtime.checkpoint.CheckpointRecord;
import io.sluice.runtime.executor.ManagedJob;

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
        return summary(job.id(), job.facts(), nowMs);
    }

    private static Map<String, Object> summary(String id, JobFacts facts, long nowMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", facts.name());
        m.put("state", facts.status().name());
        m.put("startTime", facts.startTime().toString());
        m.put("endTime", facts.endTime() == null ? null : facts.endTime().toString());
        m.put("uptimeMs", facts.uptimeMs(nowMs));
        m.put("restarts", facts.checkpoints().restarts());
        return m;
    }

    static Map<String, Object> detail(RuntimeJob job, long nowMs) {
        JobFacts facts = job.facts();
        Map<String, Object> m = summary(job.id(), facts, nowMs);
        StoredJob stored = job.stored();
        m.put("jobClass", stored.jobClass());
        m.put("jarId", job.jarId());
        m.put("arguments", stored.arguments());
        m.put("parallelism", parallelism(stored));
        m.put("configuration", stored.configuration());
        m.put("lastFailure", facts.failure() == null ? null : failure(facts.failure()));
        return m;
    }

    private static Object parallelism(StoredJob stored) {
        String p = stored.configuration().get("pipeline.parallelism");
        return p == null ? null : Integer.valueOf(p);
    }

    private static Map<String, Object> failure(JobFacts.FailureText failure) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", failure.time().toString());
        m.put("message", failure.message());
        m.put("stackTrace", failure.stackTrace());
        return m;
    }

    static Map<String, Object> graph(RuntimeJob job, Configuration runtimeConfiguration) {
        ManagedJob running = job.running();
        Map<String, Object> ended = job.endedGraph();
        if (running == null && ended != null) {
            return ended;
        }
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
        JobFacts facts = job.facts();
        CheckpointMetrics metrics = facts.checkpoints();
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("completed", metrics.completed());
        counts.put("failed", metrics.failed());
        counts.put("inProgress", metrics.inProgress());
        counts.put("restarts", metrics.restarts());
        List<Map<String, Object>> history = new ArrayList<>();
        Map<String, Object> latest = null;
        for (CheckpointRecord r : facts.history()) {
            Map<String, Object> view = checkpoint(r);
            history.add(view);
            if (latest == null && r.status() == CheckpointRecord.Status.COMPLETED) {
                latest = view;
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
