package io.sluice.runtime.executor;

import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.runtime.checkpoint.CheckpointAcknowledger;
import io.sluice.runtime.checkpoint.CheckpointMetadata;
import io.sluice.runtime.checkpoint.CompletedCheckpoint;
import io.sluice.runtime.checkpoint.Lineage;
import io.sluice.runtime.checkpoint.RestoreRefusedException;
import io.sluice.runtime.checkpoint.StateAssignment;
import io.sluice.runtime.operators.SinkRecovery;
import io.sluice.runtime.operators.SinkTransactions;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.task.SplitDiscovery;
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
 * naming what is wrong, and the one before it is tried — unless the skipped one had committed
 * transactions: its output is visible already, so starting from an older one would write it again.
 * That is refused unless the user accepts duplicates ({@code checkpoint.allow-duplicates}). State
 * that fits no operator of the job is not a reason to fall back either: that is the user's to resolve.
 * Once the tasks are built from a checkpoint, its transactions are committed and the sinks' leftovers
 * of earlier runs discarded ({@link SinkRecovery}), before any task runs.
 */
final class JobTasks {

    private static final Logger LOG = LoggerFactory.getLogger(JobTasks.class);

    /**
     * The tasks of a run, the checkpoint they start from (null for a fresh start), where their
     * sinks leave unsettled transactions when the run stops early, and the job's lineage.
     */
    record Built(List<StreamTask> tasks, CompletedCheckpoint restoredFrom, SinkTransactions sinkTransactions,
                 String lineageId, SplitDiscovery splitDiscovery) {

        /** Started from the job's final checkpoint: nothing is left to run. */
        boolean jobHadFinished() {
            return restoredFrom != null && restoredFrom.jobFinished();
        }
    }

    private final ExecutionPlan plan;
    private final Configuration config;
    private final StateBackend stateBackend;
    private final ClassLoader loader;
    private final CheckpointAcknowledger coordinator;
    private final boolean allowNonRestoredState;
    private final boolean allowDuplicates;
    private final SinkRecovery sinks;
    /** The lineage of a fresh start; a start from a checkpoint takes the checkpoint's. */
    private final String freshLineageId = Lineage.create();

    JobTasks(ExecutionPlan plan, Configuration config, StateBackend stateBackend, ClassLoader loader,
             CheckpointAcknowledger coordinator) {
        this.plan = plan;
        this.config = config;
        this.stateBackend = stateBackend;
        this.loader = loader;
        this.coordinator = coordinator;
        this.allowNonRestoredState = config.get(CheckpointingOptions.ALLOW_NON_RESTORED_STATE);
        this.allowDuplicates = config.get(CheckpointingOptions.ALLOW_DUPLICATES);
        this.sinks = SinkRecovery.of(plan, TaskBuilder::operatorId, loader);
    }

    /**
     * @param candidates complete checkpoints to start from, newest first; empty for a fresh start
     * @throws RestoreRefusedException when there were candidates and none could be used (naming each
     *                                 one's problem), when falling back would repeat committed output,
     *                                 or when the state does not fit the job
     */
    Built build(List<Path> candidates) throws Exception {
        if (candidates.isEmpty()) {
            SinkTransactions commits = new SinkTransactions();
            TaskBuilder builder = tasks(null, commits, freshLineageId);
            return new Built(builder.build(), null, commits, freshLineageId, builder.splitDiscovery());
        }
        List<String> problems = new ArrayList<>();
        Skipped committedSkipped = null;
        for (Path dir : candidates) {
            CompletedCheckpoint checkpoint;
            try {
                checkpoint = CheckpointMetadata.read(dir);
            } catch (IOException e) {
                problems.add(e.getMessage());
                // unreadable: whether its completion committed anything is unknown; assume so if it could
                committedSkipped = firstNonNull(committedSkipped, sinks.hasTransactionalSinks()
                        ? new Skipped("the checkpoint at " + dir, e.getMessage()) : null);
                continue;
            }
            StateAssignment assignment = StateAssignment.of(checkpoint, TaskBuilder.operatorIds(plan),
                    plan.maxParallelism(), allowNonRestoredState).withoutItemsOf(sinks.operatorIds());
            SinkTransactions commits = new SinkTransactions();
            List<StreamTask> tasks;
            TaskBuilder builder = tasks(assignment, commits, checkpoint.lineageId());
            try {
                tasks = builder.build();
            } catch (IOException e) {
                problems.add(e.getMessage());
                committedSkipped = firstNonNull(committedSkipped, checkpoint.transactions()
                        ? new Skipped(checkpoint.describe(), e.getMessage()) : null);
                continue;
            }
            if (committedSkipped != null && !allowDuplicates) {
                closeUnstarted(tasks);
                throw fallBackRefused(committedSkipped, checkpoint);
            }
            for (String problem : problems) { // only now: a refusal says it all in one line
                LOG.warn("skipped an unusable checkpoint: {}", problem);
            }
            if (committedSkipped != null) {
                LOG.warn("starting from {} although {} is newer and had committed its output: the output between"
                        + " the two is written again ({}=true)", checkpoint.describe(), committedSkipped.checkpoint(),
                        CheckpointingOptions.ALLOW_DUPLICATES.key());
            }
            try {
                sinks.recover(checkpoint, checkpoint.lineageId());
            } catch (RestoreRefusedException e) {
                closeUnstarted(tasks);
                throw e;
            }
            LOG.info("restored from {}", checkpoint.describe());
            return new Built(tasks, checkpoint, commits, checkpoint.lineageId(), builder.splitDiscovery());
        }
        throw new RestoreRefusedException("no usable checkpoint to start from; tried, newest first: "
                + String.join("; ", problems));
    }

    /** Tasks built but never started: their state goes back. */
    static void closeUnstarted(List<StreamTask> tasks) {
        for (StreamTask t : tasks) {
            t.close(io.sluice.runtime.task.TaskState.CANCELED);
        }
    }

    /** A complete checkpoint that could not be used, whose completion may have committed output. */
    private record Skipped(String checkpoint, String problem) {
    }

    private static Skipped firstNonNull(Skipped a, Skipped b) {
        return a != null ? a : b;
    }

    private static RestoreRefusedException fallBackRefused(Skipped newer, CompletedCheckpoint older) {
        return new RestoreRefusedException("refusing to fall back from " + newer.checkpoint() + " to the older "
                + older.describe() + ": the newer one cannot be used (" + newer.problem() + "), but it had completed"
                + " and its sinks had committed their output up to it, so starting from the older one would write the"
                + " output between the two a second time. Repair or restore the newer checkpoint, or accept those"
                + " duplicates with --allow-duplicates (" + CheckpointingOptions.ALLOW_DUPLICATES.key() + "=true)");
    }

    private TaskBuilder tasks(StateAssignment restore, SinkTransactions commits, String lineageId) {
        return new TaskBuilder(plan, config, stateBackend, loader).withCheckpoints(coordinator, restore)
                .withSinkTransactions(commits).withLineage(lineageId);
    }

    /**
     * The tasks spread round robin over {@code execution.workers} groups, or fewer: at most
     * {@code maxGroups} (a pool's size) and one per task; one group even when there are no tasks.
     */
    List<TaskGroup> groups(JobAttempt attempt, List<StreamTask> tasks, int maxGroups) {
        int groupCount = Math.max(1, Math.min(Math.min(config.get(ExecutionOptions.WORKERS), maxGroups), tasks.size()));
        List<List<StreamTask>> assignment = new ArrayList<>();
        for (int i = 0; i < groupCount; i++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.size(); i++) {
            assignment.get(i % groupCount).add(tasks.get(i));
        }
        List<TaskGroup> groups = new ArrayList<>();
        for (List<StreamTask> assigned : assignment) {
            groups.add(new TaskGroup(attempt, assigned));
        }
        return groups;
    }
}
