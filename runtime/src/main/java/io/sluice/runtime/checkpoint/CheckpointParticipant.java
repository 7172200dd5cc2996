package io.sluice.runtime.checkpoint;

/**
 * A task as the checkpoint coordinator sees it. The coordinator calls these from its own thread;
 * the task only records the request and acts on it in its next turn, on its worker thread.
 */
public interface CheckpointParticipant {

    /** True for tasks headed by a source: the coordinator starts a checkpoint there. */
    boolean isSource();

    /**
     * True once the task has terminated (finished, failed or cancelled). A task whose input has
     * ended but whose job goes on has not: it takes part in checkpoints as finished.
     */
    boolean isTerminated();

    /** A source task: snapshot now and emit the barrier of checkpoint {@code id} (a savepoint's is always aligned). */
    void triggerCheckpoint(long id, boolean savepoint);

    /**
     * Checkpoint {@code id} was triggered at the sources at {@code triggerNanos} ({@link System#nanoTime}):
     * a task that may take it unaligned starts looking for its barrier ahead of what it processes.
     */
    void checkpointStarted(long id, boolean savepoint, long triggerNanos);

    /** Checkpoint {@code id} is durable: commit what it covers. */
    void notifyCheckpointComplete(long id);

    /**
     * Every task of the job has ended and the job's end is settled: checkpoint {@code id}, the final
     * one, is durable (or {@code Long.MAX_VALUE}: the job takes no periodic checkpoints, so there is
     * none). Commit everything pending up to it and finish.
     */
    void finishJob(long id);

    /** Checkpoint {@code id} will never complete: stop aligning it, drop what was captured for it. */
    void notifyCheckpointAborted(long id);
}
