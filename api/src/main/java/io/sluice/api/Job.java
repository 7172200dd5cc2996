package io.sluice.api;

/**
 * The entry point of a job jar: defines the dataflow on the environment it is given. The runtime
 * (or {@code sluice run}) creates the environment, calls {@code define}, then runs the job.
 * A jar names its job class in the manifest ({@code Sluice-Job: com.example.MyJob}) or through
 * {@code META-INF/services/io.sluice.api.Job}.
 */
public interface Job {
    void define(StreamEnvironment env, String[] args) throws Exception;
}
