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

    /**
     * A context for a sink used outside a job: a test of a sink's writer and committer, a tool that
     * writes with a sink. Inside a job the runtime gives the real one.
     */
    static SinkContext of(int subtaskIndex, int parallelism, String operatorName, String jobLineageId) {
        return new SinkContext() {
            @Override
            public int subtaskIndex() {
                return subtaskIndex;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public String operatorName() {
                return operatorName;
            }

            @Override
            public String jobLineageId() {
                return jobLineageId;
            }
        };
    }
}
