package io.sluice.runtime.server;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A job as the runtime keeps it in its data directory: everything needed to start it again after
 * the runtime itself was restarted (its jar, class, arguments and configuration), and whether it
 * was still meant to run.
 *
 * @param id            the runtime's id of the job
 * @param name          the job's name
 * @param jar           the runtime's own copy of the submitted jar
 * @param jobClass      the job class, or null if the jar's manifest names it
 * @param arguments     the job's arguments
 * @param configuration the job's settings ({@code key=value}, as {@code -D} on the command line)
 * @param submittedAt   when it was submitted
 * @param running       whether the job was running when last recorded: such a job is resumed from
 *                      its latest checkpoint when the runtime starts
 * @param endState      how it ended (FINISHED, CANCELED, FAILED), null while it runs or when not known
 * @param endedAt       when its end was recorded, null while it runs or when not known
 */
public record StoredJob(String id, String name, Path jar, String jobClass, List<String> arguments,
                        Map<String, String> configuration, Instant submittedAt, boolean running, String endState,
                        Instant endedAt) {

    public StoredJob {
        arguments = List.copyOf(arguments);
        configuration = Map.copyOf(configuration);
    }

    /** The same job, recorded as ended ({@code state}: FINISHED, CANCELED or FAILED): it is not resumed. */
    public StoredJob ended(String state) {
        return new StoredJob(id, name, jar, jobClass, arguments, configuration, submittedAt, false, state,
                Instant.now());
    }
}
