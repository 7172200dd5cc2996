package io.sluice.examples.common;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;

/** Runs an example job from its {@code main}, on the calling thread, with the runtime found on the classpath. */
public final class Launcher {

    /** The exit status of a bad command line. */
    public static final int USAGE_EXIT_STATUS = 2;

    private Launcher() {
    }

    /**
     * Defines {@code job} on a new environment with {@code args} and runs it until it ends. A bad
     * command line prints the problem and the usage to stderr and exits with status 2.
     */
    public static void run(Job job, String jobName, String[] args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create();
        try {
            job.define(env, args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.exit(USAGE_EXIT_STATUS);
            return;
        }
        env.execute(jobName);
    }
}
