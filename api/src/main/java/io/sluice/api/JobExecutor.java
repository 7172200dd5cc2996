package io.sluice.api;

/**
 * Runs jobs: the service a runtime provides (found with {@link java.util.ServiceLoader}).
 * Internal to Sluice; job authors use {@link StreamEnvironment#execute}.
 */
public interface JobExecutor {
    JobClient submit(StreamEnvironment env, String jobName) throws Exception;
}
