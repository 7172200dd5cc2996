package io.sluice.runtime.executor;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.CheckpointMetadata;
import io.sluice.runtime.checkpoint.CompletedCheckpoint;
import io.sluice.runtime.checkpoint.StateAssignment;
import io.sluice.runtime.operators.SinkTransactions;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.task.StreamTask;
import io.sluice.runtime.task.TaskBuilder;
import io.sluice.state.StateBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the tasks of one run of a job, from the newest usable checkpoint when there are any: a
 * checkpoint whose metadata or state files turn out missing or corrupt is skipped with a warning
 * naming what is wrong, and the one before it is tried. State that fits no operator of the job is
 * not a reason to fall back: that is the user's to resolve.
 */
final class JobTasks {

    private static final Logger LOG = LoggerFactory.getLogger(JobTasks.class);

    /**
     * The tasks of a run, the checkpoint they start from (null for a fresh start), and where their
     * sinks leave the transactions to commit when the run has finished.
     */
    record Built(List<StreamTask> tasks, CompletedCheckpoint restoredFrom, SinkTransactions sinkTransactions) {
    }

    private final ExecutionPlan plan;
    private final Configuration config;
    private final StateBackend stateBackend;
    private final ClassLoader loader;
    private final CheckpointAcknowledger coordinator;
    private final boolean allowNonRestoredState;

    JobTasks(ExecutionPlan plan, Configuration config, StateBackend stateBackend, ClassLoader loader,
             CheckpointAcknowledger coordinator, boolean allowNonRestoredState) {
        this.plan = plan;
        this.config = config;
        this.stateBackend = stateBackend;
        this.loader = loader;
        this.coordinator = coordinator;
        this.allowNonRestoredState = allowNonRestoredState;
    }

    /**
     * @param candidates complete checkpoints to start from, newest first; empty for a fresh start
     * @throws IOException when there were candidates and none could be used, naming each one's problem
     */
    Built build(List<Path> candidates) throws Exception {
        if (candidates.isEmpty()) {
            SinkTransactions commits = new SinkTransactions();
            return new Built(new TaskBuilder(plan, config, stateBackend, loader).withCheckpoints(coordinator, null)
                    .withSinkTransactions(commits).build(), null, commits);
        }
        List<String> problems = new ArrayList<>();
        for (Path dir : candidates) {
            CompletedCheckpoint checkpoint;
            try {
                checkpoint = CheckpointMetadata.read(dir);
            } catch (IOException e) {
                problems.add(e.getMessage());
                LOG.warn("skipping checkpoint {}: {}", dir, e.getMessage());
                continue;
            }
            StateAssignment assignment = StateAssignment.of(checkpoint, TaskBuilder.operatorIds(plan),
                    plan.maxParallelism(), allowNonRestoredState);
            try {
                SinkTransactions commits = new SinkTransactions();
                List<StreamTask> tasks = new TaskBuilder(plan, config, stateBackend, loader)
                        .withCheckpoints(coordinator, assignment).withSinkTransactions(commits).build();
                LOG.info("restored from checkpoint {} ({})", checkpoint.id(), dir);
                return new Built(tasks, checkpoint, commits);
            } catch (IOException e) {
                problems.add(e.getMessage());
                LOG.warn("skipping checkpoint {}: {}", dir, e.getMessage());
            }
        }
        throw new IOException("no usable checkpoint to start from; tried, newest first:\n  - "
                + String.join("\n  - ", problems));
    }

    /** The tasks spread round robin over {@code execution.workers} threads. */
    List<Worker> workers(JobAttempt attempt, List<StreamTask> tasks) {
        int workerCount = Math.max(1, Math.min(config.get(ExecutionOptions.WORKERS), tasks.size()));
        List<List<StreamTask>> assignment = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.size(); i++) {
            assignment.get(i % workerCount).add(tasks.get(i));
        }
        List<Worker> workers = new ArrayList<>();
        for (List<StreamTask> assigned : assignment) {
            workers.add(new Worker(attempt, assigned, IdleStrategies.create(config.get(ExecutionOptions.IDLE_STRATEGY))));
        }
        return workers;
    }
}
