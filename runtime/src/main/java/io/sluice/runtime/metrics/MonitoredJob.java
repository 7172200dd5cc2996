package io.sluice.runtime.metrics;

import io.sluice.api.JobClient;

import java.util.Objects;

/**
 * A job the runtime reports metrics for.
 *
 * @param id     the job's id, the {@code job_id} label
 * @param name   the job's name, the {@code job_name} label (any text: the exposition escapes it)
 * @param client where its figures are read at every scrape
 */
public record MonitoredJob(String id, String name, JobClient client) {

    public MonitoredJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
    }
}
