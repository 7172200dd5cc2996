/**
 * Internal: the bytes keyed state is kept and snapshotted as, shared by both keyed backends. The
 * entry layouts ({@link io.sluice.state.snapshot.StateKeyLayout}, {@link io.sluice.state.snapshot.ListValueLayout},
 * {@link io.sluice.state.snapshot.TimerEntryLayout}) say what the off-heap backend stores and what
 * the heap backend serializes for a snapshot; {@link io.sluice.state.snapshot.SnapshotFormat} is the
 * key-group snapshot file, written by {@link io.sluice.state.snapshot.SnapshotWriter}, checked and read
 * by {@link io.sluice.state.snapshot.SnapshotReader} into any backend's
 * {@link io.sluice.state.snapshot.SnapshotSink}, so a snapshot of either backend restores into either.
 */
package io.sluice.state.snapshot;
