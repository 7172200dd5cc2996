package io.sluice.runtime.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest checkpoints and savepoints of a job, newest last, at most {@link #CAPACITY}; older
 * ones are forgotten. Guarded by its coordinator's monitor.
 */
final class CheckpointHistory {

    static final int CAPACITY = 50;

    private final Map<Long, CheckpointRecord> records = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CheckpointRecord> eldest) {
            return size() > CAPACITY;
        }
    };

    void triggered(long id, boolean savepoint, long startMs, String path) {
        records.put(id, new CheckpointRecord(id, savepoint, CheckpointRecord.Status.IN_PROGRESS, startMs, 0, 0, 0,
                path, null));
    }

    void completed(long id, long durationMs, long sizeBytes, long alignmentMs) {
        CheckpointRecord r = records.get(id);
        if (r != null) {
            records.put(id, new CheckpointRecord(id, r.savepoint(), CheckpointRecord.Status.COMPLETED,
                    r.triggerTimeMs(), durationMs, sizeBytes, alignmentMs, r.path(), null));
        }
    }

    void failed(long id, String failure) {
        CheckpointRecord r = records.get(id);
        if (r != null) {
            records.put(id, new CheckpointRecord(id, r.savepoint(), CheckpointRecord.Status.FAILED, r.triggerTimeMs(),
                    System.currentTimeMillis() - r.triggerTimeMs(), 0, 0, r.path(), failure));
        }
    }

    /** Newest first; a record in progress shows how long it has been running. */
    List<CheckpointRecord> newestFirst() {
        List<CheckpointRecord> all = new ArrayList<>(records.size());
        long now = System.currentTimeMillis();
        for (CheckpointRecord r : records.values()) {
            all.add(0, r.status() == CheckpointRecord.Status.IN_PROGRESS
                    ? new CheckpointRecord(r.id(), r.savepoint(), r.status(), r.triggerTimeMs(),
                    Math.max(0, now - r.triggerTimeMs()), 0, 0, r.path(), null) : r);
        }
        return all;
    }
}
