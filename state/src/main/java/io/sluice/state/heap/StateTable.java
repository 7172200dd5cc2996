package io.sluice.state.heap;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.StateErrors;

import java.util.HashMap;
import java.util.Map;

/**
 * The entries of one state, by key group, then key, then namespace. Single-threaded.
 */
final class StateTable<V> {

    private final KeyGroupRange range;
    private final Map<Object, Map<Object, V>>[] byKeyGroup;
    private long size;

    @SuppressWarnings("unchecked")
    StateTable(KeyGroupRange range) {
        this.range = range;
        this.byKeyGroup = new Map[range.size()];
    }

    V get(int keyGroup, Object key, Object namespace) {
        Map<Object, V> byNamespace = namespaces(keyGroup, key, false);
        return byNamespace == null ? null : byNamespace.get(namespace);
    }

    /** Stores {@code value}; {@code null} (e.g. a reduce function's result) means no entry, as in {@link #get}. */
    void put(int keyGroup, Object key, Object namespace, V value) {
        if (value == null) {
            // Invariant: no null values, or size would count entries that remove() cannot find.
            remove(keyGroup, key, namespace);
            return;
        }
        if (namespaces(keyGroup, key, true).put(namespace, value) == null) {
            size++;
        }
    }

    V remove(int keyGroup, Object key, Object namespace) {
        Map<Object, Map<Object, V>> byKey = byKeyGroup[index(keyGroup)];
        if (byKey == null) {
            return null;
        }
        Map<Object, V> byNamespace = byKey.get(key);
        if (byNamespace == null) {
            return null;
        }
        V old = byNamespace.remove(namespace);
        if (old != null) {
            size--;
            if (byNamespace.isEmpty()) {
                byKey.remove(key);
            }
        }
        return old;
    }

    long size() {
        return size;
    }

    /** The entries of {@code keyGroup} by key, then namespace, or null when it has none; read only (snapshots). */
    Map<Object, Map<Object, V>> keyGroup(int keyGroup) {
        return byKeyGroup[index(keyGroup)];
    }

    private Map<Object, V> namespaces(int keyGroup, Object key, boolean create) {
        int i = index(keyGroup);
        Map<Object, Map<Object, V>> byKey = byKeyGroup[i];
        if (byKey == null) {
            if (!create) {
                return null;
            }
            byKey = new HashMap<>();
            byKeyGroup[i] = byKey;
        }
        Map<Object, V> byNamespace = byKey.get(key);
        if (byNamespace == null && create) {
            byNamespace = new HashMap<>(4);
            byKey.put(key, byNamespace);
        }
        return byNamespace;
    }

    private int index(int keyGroup) {
        int i = keyGroup - range.start();
        if (i < 0 || i >= byKeyGroup.length) {
            throw StateErrors.foreignKeyGroup(keyGroup, range);
        }
        return i;
    }
}
