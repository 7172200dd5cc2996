package io.sluice.state.snapshot;

/**
 * Receives the entries a {@link SnapshotReader} reads, for one backend to store as it does: the
 * off-heap backend copies them into its tables, the heap backend keeps them until a state's handle
 * (with its serializers) turns them into objects. Called only with entries of checked files.
 */
@FunctionalInterface
public interface SnapshotSink {

    /** One entry of {@code state} in {@code keyGroup}; the arrays are the sink's to keep. */
    void entry(SnapshotHeader.StateInfo state, int keyGroup, EntryBytes entry);
}
