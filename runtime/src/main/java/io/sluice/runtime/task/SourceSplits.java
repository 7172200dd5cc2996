package io.sluice.runtime.task;

import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.internal.UserObjects;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.checkpoint.StateAssignment;
import io.sluice.runtime.checkpoint.StateItems;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the splits of each source subtask come from when a job's tasks are built: dealt from
 * {@code createSplits} on a fresh start; from the checkpoint on a restore (each subtask its own at
 * the same parallelism, re-divided by the source at another); and, for a source that discovers
 * splits while the job runs, the split ids its discovery starts out knowing. One per build, on the
 * thread that builds the tasks.
 */
final class SourceSplits {

    /** The checkpoint the tasks start from, or null. */
    private final StateAssignment restore;
    private final ClassLoader userClassLoader;
    /** Per source operator id restored at another parallelism: the re-divided splits of each subtask, serialized. */
    private final Map<String, List<List<byte[]>>> redistributedSplits = new HashMap<>();
    /** Sources that discover splits while the job runs. */
    private final List<SplitDiscovery.Target> discoveries = new ArrayList<>();

    SourceSplits(StateAssignment restore, ClassLoader userClassLoader) {
        this.restore = restore;
        this.userClassLoader = userClassLoader;
    }

    /** The split discovery of the sources built so far. */
    SplitDiscovery discovery() {
        return new SplitDiscovery(List.copyOf(discoveries));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<List<SourceSplit>> assign(Source<?, ?> source, int parallelism) throws Exception {
        List<SourceSplit> all = (List) source.createSplits(parallelism);
        List<List<SourceSplit>> bySubtask = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            bySubtask.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            bySubtask.get(i % parallelism).add(all.get(i));
        }
        return bySubtask;
    }

    /**
     * A source restored at another parallelism than its checkpoint's gets all its restored splits
     * back, over every former subtask, to re-divide for the new one ({@link Source#redistributeSplits});
     * the result is dealt split {@code i} to subtask {@code i % parallelism}, as {@code createSplits}'
     * is, into the re-divided splits, from where it reaches each subtask's source operator as
     * its restored state. At the same parallelism (or with no state of the source) nothing is done:
     * each subtask gets its own splits.
     *
     * @throws java.io.IOException (a {@code CorruptCheckpointException}) naming the source when a split
     *                             cannot be read
     * @throws IllegalStateException naming the source when its {@code redistributeSplits} fails
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void redistributeRestored(String id, String name, Source source, int parallelism) throws Exception {
        if (restore == null) {
            return;
        }
        int before = restore.parallelism(id);
        if (before == 0 || before == parallelism) {
            return;
        }
        TypeSerializer serializer = source.splitSerializer();
        List<SourceSplit> restored = new ArrayList<>();
        for (byte[] item : restore.allItems(id)) {
            restored.add((SourceSplit) StateItems.read(serializer, item, "a split of source '" + name + "'"));
        }
        List<SourceSplit> splits;
        try {
            splits = source.redistributeSplits(restored, parallelism);
        } catch (Exception e) { // a fault of the source, not of the checkpoint: no falling back to an older one
            throw new IllegalStateException("source '" + name + "' failed to redistribute its "
                    + restored.size() + " restored splits from parallelism " + before + " to " + parallelism
                    + ": " + e.getMessage(), e);
        }
        if (splits == null) {
            throw new IllegalStateException("source '" + name + "' returned null from redistributeSplits"
                    + " (from parallelism " + before + " to " + parallelism + "); return a list, possibly empty");
        }
        List<List<byte[]>> bySubtask = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            bySubtask.add(new ArrayList<>());
        }
        for (int i = 0; i < splits.size(); i++) {
            bySubtask.get(i % parallelism).add(StateItems.write(serializer, splits.get(i)));
        }
        redistributedSplits.put(id, bySubtask);
    }

    /** The operator state items a subtask restores: its share of re-divided splits, or else its items in the checkpoint. */
    List<byte[]> restoredItems(String operatorId, int subtask, int parallelism) {
        List<List<byte[]>> dealt = redistributedSplits.get(operatorId);
        return dealt != null ? dealt.get(subtask) : restore.items(operatorId, subtask, parallelism);
    }

    /**
     * A source that discovers splits while the job runs, with the split ids it starts out knowing:
     * those of the checkpoint it starts from (every former subtask's, and as re-divided), or else
     * those of {@code createSplits}. Null for a source that does not discover.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    SplitDiscovery.Target discoveryOf(String id, String name, Source source, int parallelism,
                                       List<List<SourceSplit>> created) throws Exception {
        java.time.Duration interval = source.splitDiscoveryInterval();
        if (interval == null) {
            return null;
        }
        if (source.boundedness() != io.sluice.api.connector.Boundedness.CONTINUOUS_UNBOUNDED || interval.isNegative()
                || interval.isZero()) {
            throw new IllegalArgumentException("source '" + name + "' discovers splits every " + interval
                    + " but " + (interval.isNegative() || interval.isZero() ? "the interval must be positive"
                    : "it is bounded: only an unbounded source discovers splits while the job runs")
                    + "; return null from splitDiscoveryInterval() for a source whose splits are all known at start");
        }
        java.util.Set<String> known = new java.util.HashSet<>();
        List<byte[]> restored = restore == null ? null : restore.allItems(id);
        if (restored != null) {
            TypeSerializer serializer = source.splitSerializer();
            for (byte[] item : restored) {
                known.add(((SourceSplit) StateItems.read(serializer, item, "a split of source '" + name + "'"))
                        .splitId());
            }
            List<List<byte[]>> redealt = redistributedSplits.get(id);
            if (redealt != null) {
                for (List<byte[]> items : redealt) {
                    for (byte[] item : items) {
                        known.add(((SourceSplit) StateItems.read(serializer, item, "a split of source '"
                                + name + "'")).splitId());
                    }
                }
            }
        } else {
            for (List<SourceSplit> splits : created) {
                for (SourceSplit split : splits) {
                    known.add(split.splitId());
                }
            }
        }
        SplitDiscovery.Target target = new SplitDiscovery.Target(name,
                UserObjects.copy(source, name, userClassLoader), interval.toMillis(), known, parallelism);
        discoveries.add(target);
        return target;
    }

}
