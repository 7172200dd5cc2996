package io.sluice.state.heap;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.TableKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of one state or timer queue read from snapshots into a heap backend, kept as the
 * bytes they were written as until a handle (whose descriptor brings the value serializer) or the
 * timer queue (which brings the namespace serializer) and the key type are there to turn them into
 * objects; a snapshot taken meanwhile writes them as they are. Task thread only.
 */
final class RestoredEntries {

    final String name;
    final TableKind kind;
    private final KeyGroupRange range;
    private final List<EntryBytes>[] byKeyGroup;
    private int size;

    @SuppressWarnings("unchecked")
    RestoredEntries(String name, TableKind kind, KeyGroupRange range) {
        this.name = name;
        this.kind = kind;
        this.range = range;
        this.byKeyGroup = new List[range.size()];
    }

    void add(int keyGroup, EntryBytes entry) {
        int i = keyGroup - range.start();
        if (byKeyGroup[i] == null) {
            byKeyGroup[i] = new ArrayList<>();
        }
        byKeyGroup[i].add(entry);
        size++;
    }

    /** The entries of {@code keyGroup}, in the order they were read (by key, from one file); empty if none. */
    List<EntryBytes> keyGroup(int keyGroup) {
        List<EntryBytes> l = byKeyGroup[keyGroup - range.start()];
        return l == null ? List.of() : l;
    }

    int size() {
        return size;
    }
}
