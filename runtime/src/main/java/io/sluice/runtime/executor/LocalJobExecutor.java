package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutor;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.Configuration;
import io.sluice.runtime.checkpoint.CheckpointConfig;
import io.sluice.runtime.checkpoint.CheckpointCoordinator;
import io.sluice.runtime.checkpoint.CheckpointStorage;
import io.sluice.runtime.checkpoint.RestoreCandidates;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.PlanBuilder;
import io.sluice.runtime.recovery.RestartStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Runs jobs in this JVM: plans the job, builds its tasks (from a checkpoint when asked to), spreads
 * them over {@code execution.workers} worker threads and starts them, with a checkpoint coordinator
 * and a restart strategy. The worker threads are the job's own, started for each run, or those of
 * a {@link WorkerPool} that every job submitted through this executor shares. Found by
 * {@code StreamEnvironment.execute} through {@link java.util.ServiceLoader} (with threads of its own).
 */
public final class LocalJobExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobExecutor.class);

    /** Null: each run of a job starts threads of its own. */
    private final WorkerPool pool;

    /** Each run of each job gets worker threads of its own ({@code sluice run}, tests). */
    public LocalJobExecutor() {
        this.pool = null;
    }

    /** Every run of every job submitted through this executor runs on {@code pool}'s threads. */
    public LocalJobExecutor(WorkerPool pool) {
        this.pool = java.util.Objects.requireNonNull(pool, "pool");
    }

    @Override
    public JobClient submit(StreamEnvironment env, String jobName) throws Exception {
        if (pool != null && pool.isClosed()) {
            throw new IllegalStateException("cannot submit job '" + jobName + "': its worker pool is closed");
        }
        JvmFlags.check(jobName);
        Configuration config = env.config();
        TaskLauncher launcher = pool != null ? pool.launcher()
                : new DedicatedThreads(config.get(io.sluice.api.config.ExecutionOptions.IDLE_STRATEGY));
        ExecutionPlan plan = PlanBuilder.build(env);
        LOG.debug("plan of job {}:\n{}", jobName, plan.describe());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LocalJobExecutor.class.getClassLoader();
        }
        String jobId = UUID.randomUUID().toString();
        CheckpointConfig checkpoints = CheckpointConfig.from(config, jobName);
        CheckpointStorage storage = new CheckpointStorage(checkpoints.baseDirectory().resolve(jobId),
                checkpoints.retained());
        CheckpointCoordinator coordinator = new CheckpointCoordinator(jobName, checkpoints, storage,
                plan.maxParallelism());
        try {
            JobTasks jobTasks = new JobTasks(plan, config, StateBackends.create(config), loader, coordinator);
            String restoreFrom = config.get(CheckpointingOptions.RESTORE_FROM);
            List<Path> candidates = restoreFrom.isBlank() ? List.of() : RestoreCandidates.find(Path.of(restoreFrom));
            JobTasks.Built first = jobTasks.build(candidates);
            JobRun run = new JobRun(jobId, jobName, plan, jobTasks, coordinator, storage, RestartStrategy.from(config),
                    launcher, candidates);
            run.start(first);
            return run;
        } catch (Throwable t) {
            coordinator.close();
            throw t;
        }
    }
}
