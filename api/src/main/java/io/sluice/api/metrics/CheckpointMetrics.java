package io.sluice.api.metrics;

/**
 * Checkpoints of a job so far.
 *
 * @param lastCompletedId  id of the newest complete checkpoint, -1 if none
 * @param lastDurationMs   trigger to durable metadata of that checkpoint
 * @param lastSizeBytes    bytes of state files it wrote
 * @param lastAlignmentMs  longest time a task held inputs back aligning its barriers
 * @param lastSyncMs       longest synchronous pause of a task for it
 * @param restarts         times the job was restarted after a failure
 * @param lastRestoredId   id of the checkpoint or savepoint the current run started from, -1 if none
 * @param lastFailure      why the newest checkpoint that failed or could not be taken did so, "" if none did
 */
public record CheckpointMetrics(long completed, long failed, int inProgress, long lastCompletedId,
                                long lastDurationMs, long lastSizeBytes, long lastAlignmentMs, long lastSyncMs,
                                long restarts, long lastRestoredId, String lastFailure) {

    public static final CheckpointMetrics NONE = new CheckpointMetrics(0, 0, 0, -1, 0, 0, 0, 0, 0, -1, "");
}
