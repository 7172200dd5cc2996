package io.sluice.runtime.checkpoint;

import io.sluice.state.KeyGroupRange;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands the state of a checkpoint to the subtasks of a job that starts from it, at any parallelism:
 * keyed state by key group (every file whose key groups meet the subtask's range; the backend loads
 * only its own), operator state items to their own subtask at the same parallelism, round robin at
 * another. Operators are matched by id (the uid, when set).
 */
public final class StateAssignment {

    private final CompletedCheckpoint checkpoint;
    /** Operators whose items were settled before the tasks start (two-phase-commit sinks). */
    private final Set<String> settled;

    private StateAssignment(CompletedCheckpoint checkpoint, Set<String> settled) {
        this.checkpoint = checkpoint;
        this.settled = settled;
    }

    /**
     * Checks that every operator with state in {@code checkpoint} is among {@code operatorIds}
     * (unless {@code allowNonRestored}) and that key groups map.
     *
     * @throws RestoreRefusedException naming the state that has no operator and the way out
     */
    public static StateAssignment of(CompletedCheckpoint checkpoint, Collection<String> operatorIds,
                                     int maxParallelism, boolean allowNonRestored) throws RestoreRefusedException {
        if (checkpoint.maxParallelism() != maxParallelism) {
            throw new RestoreRefusedException("cannot start from " + checkpoint.directory() + ": it was taken with max"
                    + " parallelism " + checkpoint.maxParallelism() + " and the job has " + maxParallelism
                    + "; key groups cannot be mapped, so set the job's max parallelism to "
                    + checkpoint.maxParallelism());
        }
        Set<String> orphans = new TreeSet<>(checkpoint.operators().keySet());
        orphans.removeAll(operatorIds);
        if (!orphans.isEmpty() && !allowNonRestored) {
            throw new RestoreRefusedException("cannot start from " + checkpoint.directory() + ": it holds state of "
                    + "operators the job does not have: " + orphans + ". Operators are matched by uid (or, without"
                    + " one, by their place in the job): give the operators their former uid, or start with"
                    + " checkpoint.allow-non-restored-state=true (--allow-non-restored-state) to drop that state");
        }
        return new StateAssignment(checkpoint, Set.of());
    }

    /** The same assignment, giving no items to {@code operatorIds}: their state is settled before the tasks start. */
    public StateAssignment withoutItemsOf(Collection<String> operatorIds) {
        return new StateAssignment(checkpoint, Set.copyOf(operatorIds));
    }

    /**
     * Whether subtask {@code subtask} of {@code parallelism} of the operator had finished: it had at
     * the same parallelism, or every subtask of the operator had (at any parallelism).
     */
    public boolean finished(String operatorId, int subtask, int parallelism) {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        if (op == null) {
            return false;
        }
        return op.fullyFinished() || (op.parallelism() == parallelism && op.finished(subtask));
    }

    public CompletedCheckpoint checkpoint() {
        return checkpoint;
    }

    /** The keyed state files a subtask with key groups {@code range} restores from (possibly none). */
    public List<Path> keyedFiles(String operatorId, KeyGroupRange range) {
        List<Path> files = new ArrayList<>();
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        if (op != null) {
            for (OperatorSubtaskState s : op.subtasks()) {
                if (s.keyedFile() != null && s.keyGroups().start() <= range.end() && range.start() <= s.keyGroups().end()) {
                    files.add(checkpoint.directory().resolve(s.keyedFile()));
                }
            }
        }
        return files;
    }

    /**
     * The in-flight input records file of subtask {@code subtask} of operator {@code operatorId}
     * (a task's head), or null.
     *
     * @throws RestoreRefusedException at another parallelism: in-flight records cannot be redistributed
     */
    public Path channelFile(String operatorId, int subtask, int parallelism) throws RestoreRefusedException {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        if (op == null) {
            return null;
        }
        for (OperatorSubtaskState s : op.subtasks()) {
            if (s.channelFile() == null) {
                continue;
            }
            if (op.parallelism() != parallelism) {
                throw new RestoreRefusedException("cannot start operator '" + operatorId + "' at parallelism "
                        + parallelism + " from " + checkpoint.directory() + ": it is an unaligned checkpoint taken at"
                        + " parallelism " + op.parallelism() + " and holds in-flight records, which cannot be"
                        + " redistributed. Start at parallelism " + op.parallelism() + ", or take a savepoint"
                        + " (always aligned) and rescale from that");
            }
            if (s.subtask() == subtask) {
                return checkpoint.directory().resolve(s.channelFile());
            }
        }
        return null;
    }

    /**
     * The operator state items of subtask {@code subtask} of {@code parallelism}, or null when the
     * checkpoint has none for the operator (it starts fresh).
     */
    public List<byte[]> items(String operatorId, int subtask, int parallelism) {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        if (op == null || settled.contains(operatorId)) {
            return null;
        }
        List<byte[]> out = new ArrayList<>();
        if (op.parallelism() == parallelism) {
            for (OperatorSubtaskState s : op.subtasks()) {
                if (s.subtask() == subtask) {
                    out.addAll(s.items());
                }
            }
            return out;
        }
        int k = 0;
        for (OperatorSubtaskState s : op.subtasks()) {
            for (byte[] item : s.items()) {
                if (k++ % parallelism == subtask) {
                    out.add(item);
                }
            }
        }
        return out;
    }

    /**
     * The parallelism operator {@code operatorId} ran at when the checkpoint was taken, or 0 when
     * the checkpoint has no state of it.
     */
    public int parallelism(String operatorId) {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        return op == null ? 0 : op.parallelism();
    }

    /**
     * The operator state items of {@code operatorId}, per subtask it had when the checkpoint was
     * taken (an empty list for a subtask without), or an empty list when the checkpoint has none.
     */
    public List<List<byte[]>> itemsBySubtask(String operatorId) {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        List<List<byte[]>> bySubtask = new ArrayList<>();
        if (op == null || settled.contains(operatorId)) {
            return bySubtask;
        }
        for (int i = 0; i < op.parallelism(); i++) {
            bySubtask.add(new ArrayList<>());
        }
        for (OperatorSubtaskState s : op.subtasks()) {
            bySubtask.get(s.subtask()).addAll(s.items());
        }
        return bySubtask;
    }

    /**
     * Every operator state item of {@code operatorId}, of all its subtasks in subtask order (each
     * subtask's in the order it wrote them), or null when the checkpoint has none for the operator.
     */
    public List<byte[]> allItems(String operatorId) {
        CompletedCheckpoint.OperatorState op = checkpoint.operators().get(operatorId);
        if (op == null) {
            return null;
        }
        List<OperatorSubtaskState> subtasks = new ArrayList<>(op.subtasks());
        subtasks.sort(Comparator.comparingInt(OperatorSubtaskState::subtask));
        List<byte[]> all = new ArrayList<>();
        for (OperatorSubtaskState s : subtasks) {
            all.addAll(s.items());
        }
        return all;
    }
}
