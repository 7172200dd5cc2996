package io.sluice.api.connector;

/** What a sink writer knows of its place in the job. */
public interface SinkContext {
    int subtaskIndex();

    int parallelism();

    String operatorName();

    /**
     * The job's lineage: the same for every subtask and every run of a job started fresh, and for
     * every job started from one of its checkpoints or savepoints; another job has another. A
     * transactional sink puts it into the names of its transactions or files, so that after a restore
     * it can tell what its own earlier runs left behind ({@link TwoPhaseCommitSink.Committer#discardLeftovers})
     * from another job's work. A short string of letters and digits, safe in file names.
     */
    String jobLineageId();
}
