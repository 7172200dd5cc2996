package io.sluice.runtime.task;

import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks for new splits of the job's discovering sources while a run of the job goes on, on a thread
 * of its own (discovery may block on I/O; workers never do), and hands each new split to the
 * subtask its source names as owner, through that task's mailbox. Which splits are known comes from
 * the splits the run started with ({@code createSplits}, or every split of the checkpoint it
 * started from) and grows with every discovery. A split handed over after a subtask's snapshot for
 * a checkpoint is not in that checkpoint: a restore from it discovers the split again, which is
 * exactly right, since nothing read from it after the snapshot counts.
 */
public final class SplitDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(SplitDiscovery.class);

    /** One discovering source of the job: its own copy, its known split ids, its subtasks' tasks. */
    static final class Target {
        final String name;
        final Source<?, ?> source;
        final long intervalMs;
        /** Discovery thread only. */
        final Set<String> known;
        final StreamTask[] subtasks;

        Target(String name, Source<?, ?> source, long intervalMs, Set<String> known, int parallelism) {
            this.name = name;
            this.source = source;
            this.intervalMs = intervalMs;
            this.known = new HashSet<>(known);
            this.subtasks = new StreamTask[parallelism];
        }
    }

    private final List<Target> targets;
    private ScheduledExecutorService thread;

    SplitDiscovery(List<Target> targets) {
        this.targets = targets;
    }

    /** A job without discovering sources. */
    public static SplitDiscovery none() {
        return new SplitDiscovery(List.of());
    }

    /** Starts looking, each source at its interval, the first time one interval from now. */
    public synchronized void start(String jobName) {
        if (targets.isEmpty() || thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-split-discovery-" + jobName);
            t.setDaemon(true);
            return t;
        });
        for (Target t : targets) {
            thread.scheduleWithFixedDelay(() -> discover(t), t.intervalMs, t.intervalMs, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops looking; a discovery under way may still hand splits to tasks that are stopping. */
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void discover(Target t) {
        List<? extends SourceSplit> all;
        try {
            all = t.source.discoverSplits();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            LOG.warn("source '{}' could not look for new splits (trying again in {} ms): {}", t.name, t.intervalMs,
                    e.toString());
            return;
        }
        if (all == null) {
            LOG.warn("source '{}' returned null from discoverSplits; return a list, possibly empty", t.name);
            return;
        }
        Map<Integer, List<SourceSplit>> byOwner = new TreeMap<>();
        for (SourceSplit split : all) {
            if (t.known.add(split.splitId())) {
                int owner = ((Source) t.source).splitOwner(split.splitId(), t.subtasks.length);
                if (owner < 0 || owner >= t.subtasks.length) {
                    LOG.warn("source '{}' named subtask {} as the owner of split '{}' at parallelism {}; using {}",
                            t.name, owner, split.splitId(), t.subtasks.length, Math.floorMod(owner, t.subtasks.length));
                    owner = Math.floorMod(owner, t.subtasks.length);
                }
                byOwner.computeIfAbsent(owner, k -> new ArrayList<>()).add(split);
            }
        }
        byOwner.forEach((owner, splits) -> {
            LOG.info("source '{}': {} new split(s) for subtask {}: {}", t.name, splits.size(), owner + 1, ids(splits));
            t.subtasks[owner].addDiscoveredSplits(splits);
        });
    }

    private static List<String> ids(List<SourceSplit> splits) {
        List<String> ids = new ArrayList<>();
        for (SourceSplit s : splits) {
            ids.add(s.splitId());
        }
        return ids;
    }
}
