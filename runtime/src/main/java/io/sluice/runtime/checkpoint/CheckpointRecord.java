package io.sluice.runtime.checkpoint;

/**
 * One checkpoint or savepoint in a job's history, as the runtime server shows it.
 *
 * @param triggerTimeMs when it was triggered (epoch millis)
 * @param durationMs    trigger to durable metadata; so far, while in progress
 * @param sizeBytes     bytes of state files it wrote (0 until completed)
 * @param alignmentMs   longest time a task held inputs back aligning its barriers
 * @param path          its directory
 * @param failure       why it failed, null unless {@code status} is FAILED
 */
public record CheckpointRecord(long id, boolean savepoint, Status status, long triggerTimeMs, long durationMs,
                               long sizeBytes, long alignmentMs, String path, String failure) {

    public enum Status { IN_PROGRESS, COMPLETED, FAILED }
}
