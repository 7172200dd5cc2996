package io.sluice.runtime.checkpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator state one subtask starts from: its share of the checkpoint's items (its own at the
 * same parallelism, dealt round robin at another) and, for an operator that redistributes its state
 * itself (union lists, broadcast state), every former subtask's items.
 */
public final class RestoredState {

    private final boolean present;
    private final List<byte[]> share;
    private final List<List<byte[]>> bySubtask;
    private final int subtask;
    private final int parallelism;

    /**
     * @param share     the items dealt to this subtask, or null when the checkpoint has no state of the operator
     * @param bySubtask every former subtask's items, indexed by former subtask (empty lists for those without)
     */
    public RestoredState(List<byte[]> share, List<List<byte[]>> bySubtask, int subtask, int parallelism) {
        this.present = share != null;
        this.share = share == null ? List.of() : share;
        this.bySubtask = bySubtask;
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    /** Whether the checkpoint holds state of this operator at all. */
    public boolean present() {
        return present;
    }

    /** The items dealt to this subtask (empty when the checkpoint has none of the operator). */
    public List<byte[]> share() {
        return share;
    }

    /** The parallelism the operator had when the checkpoint was taken (0 when it had no state). */
    public int previousParallelism() {
        return bySubtask.size();
    }

    /** The items former subtask {@code former} wrote, in order. */
    public List<byte[]> itemsOf(int former) {
        return bySubtask.get(former);
    }

    /** Every item of every former subtask, in subtask order. */
    public List<byte[]> allItems() {
        List<byte[]> all = new ArrayList<>();
        for (List<byte[]> items : bySubtask) {
            all.addAll(items);
        }
        return all;
    }

    public int subtask() {
        return subtask;
    }

    public int parallelism() {
        return parallelism;
    }
}
