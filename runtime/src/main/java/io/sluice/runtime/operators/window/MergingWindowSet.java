package io.sluice.runtime.operators.window;

import io.sluice.api.windowing.MergingWindowAssigner;
import io.sluice.api.windowing.Window;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live windows of one key of a merging (session) assigner, each mapped to the window under
 * whose namespace its contents are stored. When windows merge, the result keeps the state window
 * of one of them, so merging moves the contents of the others only (not every element again).
 * Loaded from and saved to keyed state around each element. Task thread only.
 */
final class MergingWindowSet<W extends Window> {

    /** Told about each merge, to merge state and triggers. */
    interface MergeFunction<W> {
        void merge(W mergeResult, Collection<W> mergedWindows, W stateWindowResult, Collection<W> mergedStateWindows)
                throws Exception;
    }

    private final MergingWindowAssigner<?, W> assigner;
    private final HashMap<W, W> mapping;

    MergingWindowSet(MergingWindowAssigner<?, W> assigner, HashMap<W, W> mapping) {
        this.assigner = assigner;
        this.mapping = mapping;
    }

    HashMap<W, W> mapping() {
        return mapping;
    }

    /** The state window of {@code window}, or {@code null} when the window is gone. */
    W stateWindow(W window) {
        return mapping.get(window);
    }

    void retireWindow(W window) {
        if (mapping.remove(window) == null) {
            throw new IllegalStateException("window " + window + " is not in the merging window set");
        }
    }

    /**
     * Adds {@code newWindow}, merging it with existing windows as the assigner decides.
     *
     * @return the window {@code newWindow} ended up in (itself, or a merge result)
     */
    W addWindow(W newWindow, MergeFunction<W> mergeFunction) throws Exception {
        List<W> windows = new ArrayList<>(mapping.keySet());
        windows.add(newWindow);
        Map<W, List<W>> mergeResults = new HashMap<>();
        assigner.mergeWindows(windows, (toBeMerged, result) -> mergeResults.put(result, new ArrayList<>(toBeMerged)));

        W resultWindow = newWindow;
        boolean mergedNewWindow = false;
        for (Map.Entry<W, List<W>> merge : mergeResults.entrySet()) {
            W mergeResult = merge.getKey();
            List<W> mergedWindows = merge.getValue();
            if (mergedWindows.remove(newWindow)) {
                mergedNewWindow = true;
                resultWindow = mergeResult;
            }
            if (mergedWindows.isEmpty()) {
                continue; // only the new window was "merged": nothing existing changes
            }
            W mergedStateWindow = mapping.get(mergedWindows.get(0));
            List<W> mergedStateWindows = new ArrayList<>();
            for (W w : mergedWindows) {
                W stateWindow = mapping.remove(w);
                if (stateWindow != null) {
                    mergedStateWindows.add(stateWindow);
                }
            }
            mapping.put(mergeResult, mergedStateWindow);
            mergedStateWindows.remove(mergedStateWindow);
            boolean unchanged = mergedWindows.size() == 1 && mergedWindows.contains(mergeResult);
            if (!unchanged) {
                mergeFunction.merge(mergeResult, mergedWindows, mergedStateWindow, mergedStateWindows);
            }
        }
        if (mergeResults.isEmpty() || (resultWindow.equals(newWindow) && !mergedNewWindow)) {
            mapping.put(resultWindow, resultWindow);
        }
        return resultWindow;
    }
}
