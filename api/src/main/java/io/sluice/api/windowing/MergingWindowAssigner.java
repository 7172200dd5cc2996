package io.sluice.api.windowing;

import java.util.Collection;

/** An assigner whose windows can merge, like session windows. */
public abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {

    /** Reports, through {@code callback}, every group of {@code windows} that merges into one. */
    public abstract void mergeWindows(Collection<W> windows, MergeCallback<W> callback);

    /** Receives one merge: these windows become {@code result}. */
    public interface MergeCallback<W> {
        void merge(Collection<W> toBeMerged, W result);
    }
}
