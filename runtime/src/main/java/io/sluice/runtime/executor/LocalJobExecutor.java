package io.sluice.runtime.executor;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutor;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.runtime.plan.ExecutionPlan;
import io.sluice.runtime.plan.PlanBuilder;
import io.sluice.runtime.task.StreamTask;
import io.sluice.runtime.task.TaskBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Runs jobs in this JVM: plans the job, builds its tasks, spreads them over
 * {@code execution.workers} threads and starts them. Found by {@code StreamEnvironment.execute}
 * through {@link java.util.ServiceLoader}.
 */
public final class LocalJobExecutor implements JobExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(LocalJobExecutor.class);

    @Override
    public JobClient submit(StreamEnvironment env, String jobName) throws Exception {
        Configuration config = env.config();
        ExecutionPlan plan = PlanBuilder.build(env);
        LOG.debug("plan of job {}:\n{}", jobName, plan.describe());
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = LocalJobExecutor.class.getClassLoader();
        }
        List<StreamTask> tasks = new TaskBuilder(plan, config, StateBackends.create(config), loader).build();
        int workerCount = Math.max(1, Math.min(config.get(ExecutionOptions.WORKERS), tasks.size()));
        List<List<StreamTask>> assignment = new ArrayList<>();
        for (int i = 0; i < workerCount; i++) {
            assignment.add(new ArrayList<>());
        }
        for (int i = 0; i < tasks.size(); i++) {
            assignment.get(i % workerCount).add(tasks.get(i));
        }
        JobRun run = new JobRun(UUID.randomUUID().toString(), jobName, tasks);
        List<Worker> workers = new ArrayList<>();
        for (List<StreamTask> assigned : assignment) {
            workers.add(new Worker(run, assigned, IdleStrategies.create(config.get(ExecutionOptions.IDLE_STRATEGY))));
        }
        run.start(workers);
        return run;
    }
}
