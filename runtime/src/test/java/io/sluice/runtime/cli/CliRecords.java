package io.sluice.runtime.cli;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the test jobs of {@link SluiceCliTest} saw, in static fields because the CLI creates the job
 * itself. Public, as are the jobs: a job loaded from a jar lives in another class loader, so it is
 * in another runtime package and may use only public members of this class.
 */
public final class CliRecords {

    /** Every element a {@link RecordingSink} received, from all subtasks. */
    public static final ConcurrentLinkedQueue<Long> VALUES = new ConcurrentLinkedQueue<>();

    public static volatile ClassLoader jobClassLoader;
    public static volatile List<String> jobArgs;
    public static volatile Integer parallelism;
    public static volatile Integer maxParallelism;
    public static volatile String jobName;
    public static volatile String restoreFrom;
    public static volatile Boolean allowNonRestoredState;
    public static volatile Boolean allowDuplicates;

    private CliRecords() {
    }

    public static void reset() {
        VALUES.clear();
        jobClassLoader = null;
        jobArgs = null;
        parallelism = null;
        maxParallelism = null;
        jobName = null;
        restoreFrom = null;
        allowNonRestoredState = null;
        allowDuplicates = null;
    }
}
