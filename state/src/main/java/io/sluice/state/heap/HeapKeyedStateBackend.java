package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.RecordSerializer;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.StateErrors;
import io.sluice.state.VoidNamespace;
import io.sluice.state.backend.AbstractKeyedStateBackend;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.SnapshotHeader;
import io.sluice.state.snapshot.SnapshotRestore;
import io.sluice.state.snapshot.StateKeyLayout;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TypeRecord;
import io.sluice.state.ttl.TtlStates;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keyed state as Java objects on the heap: fast until the heap and the garbage collector become
 * the limit. Values are stored by reference (never copied): what is put in must not be changed
 * afterwards. Single-threaded: the task's worker thread only.
 *
 * <p>Snapshots are the off-heap backend's format, byte for byte ({@link HeapSnapshot}), so state
 * moves between the backends through a snapshot. A restore keeps the entries as bytes until the
 * state's handle is created (its descriptor brings the value serializer) and the key type is known.
 */
public final class HeapKeyedStateBackend extends AbstractKeyedStateBackend<HeapState<?, ?>> {

    /** Restored entries by state (or timer queue) name, until they are read into objects. */
    private final Map<String, RestoredEntries> restored = new LinkedHashMap<>();
    /** Restored entries wait for the key type (undeclared, not recorded): the next key decides it. */
    private boolean awaitingKeyType;

    public HeapKeyedStateBackend(KeyedBackendParameters parameters) {
        this(parameters, null);
    }

    /** @param keySerializer the key type's serializer (for snapshots), or null to infer it from the keys' class */
    public HeapKeyedStateBackend(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer) {
        super(parameters, keySerializer);
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        super.setCurrentKey(key, keyGroup);
        if (awaitingKeyType && key != null) {
            keySerializerFor(key);
            awaitingKeyType = false;
            for (String name : new ArrayList<>(restored.keySet())) {
                readRestored(name, handle(name), existingTimerQueue(name));
            }
        }
    }

    Object requireCurrentKey() {
        if (currentKey == null) {
            throw StateErrors.noCurrentKey(parameters.operatorName());
        }
        return currentKey;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected HeapState<?, ?> createState(StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer) {
        StateTable table = new StateTable<>(parameters.keyGroupRange());
        Object ns = VoidNamespace.INSTANCE;
        String name = descriptor.name();
        TypeSerializer values = descriptor.serializer();
        TypeSerializer nss = namespaceSerializer;
        HeapState<?, ?> state = switch (descriptor.kind()) {
            case VALUE -> values instanceof RecordSerializer ? new HeapRecordState(this, name, table, values)
                    : descriptor instanceof LongValueStateDescriptor ? new HeapLongValueState(this, name, table, ns, nss)
                    : new HeapValueState(this, name, table, ns, values, nss);
            case LIST -> new HeapListState(this, name, table, ns, values, nss);
            case MAP -> new HeapMapState(this, name, table, ns, ((MapStateDescriptor) descriptor).keySerializer(),
                    values, nss);
            case REDUCING -> new HeapReducingState(this, name, table, ns, values, nss,
                    ((ReducingStateDescriptor) descriptor).reduceFunction());
            case AGGREGATING -> new HeapAggregatingState(this, name, table, ns, values, nss,
                    ((AggregatingStateDescriptor) descriptor).aggregateFunction());
        };
        readRestored(name, state, null);
        return state;
    }

    @Override
    protected <N> KeyedTimerQueue<N> createTimerQueue(String name, TypeSerializer<N> namespaceSerializer) {
        HeapTimerQueue<N> queue = new HeapTimerQueue<>(this, name, namespaceSerializer);
        readRestored(name, null, queue);
        return queue;
    }

    // ---- snapshots and restores ---------------------------------------------------------------------

    /**
     * Serializes every key group into memory now, on the task thread, so the pause grows with the
     * state's size (unlike the off-heap backend's copy-on-write capture); the capture is then
     * written on any thread.
     */
    @Override
    public KeyedStateSnapshot snapshot() {
        return HeapSnapshot.capture(this, parameters.keyGroupRange());
    }

    /** Captures key groups {@code range} (within this backend's), as {@link #snapshot} does all. */
    public KeyedStateSnapshot snapshot(KeyGroupRange range) {
        return HeapSnapshot.capture(this, range);
    }

    @Override
    public void restore(List<Path> files) throws IOException {
        SnapshotRestore.restore(files, parameters, new SnapshotRestore.Target() {
            @Override
            public void prepare(TypeRecord keyType, Map<String, SnapshotHeader.StateInfo> states) {
                prepareRestore(keyType, states);
            }

            @Override
            public void entry(SnapshotHeader.StateInfo state, int keyGroup, EntryBytes entry) {
                restored.computeIfAbsent(state.name(), n -> new RestoredEntries(n, state.kind(), parameters.keyGroupRange()))
                        .add(keyGroup, entry);
            }

            @Override
            public void loaded() {
                for (String name : new ArrayList<>(restored.keySet())) {
                    readRestored(name, handle(name), existingTimerQueue(name));
                }
            }
        });
    }

    /** For a timer queue that must be read now (polled): its restored timers, which needs the key type. */
    void readRestored(String name) {
        requireKeySerializer(name);
        readRestored(name, handle(name), existingTimerQueue(name));
    }

    /**
     * Turns the restored entries of {@code name} into objects of its handle or queue, when there is
     * one and the key type is known; otherwise they stay bytes (and a queue counts them).
     */
    private void readRestored(String name, HeapState<?, ?> state, KeyedTimerQueue<?> queue) {
        RestoredEntries entries = restored.get(name);
        if (entries == null || (state == null && queue == null)) {
            return;
        }
        TypeSerializer<Object> keys = knownKeySerializer();
        if (keys == null && currentKey != null) {
            keys = keySerializerFor(currentKey);
        }
        if (keys == null) {
            awaitingKeyType = true;
            if (queue != null) {
                ((HeapTimerQueue<?>) queue).restoredPending(entries.size());
            }
            return;
        }
        restored.remove(name);
        KeyGroupRange range = parameters.keyGroupRange();
        for (int g = range.start(); g <= range.end(); g++) {
            for (EntryBytes e : entries.keyGroup(g)) {
                try {
                    if (queue != null) {
                        ((HeapTimerQueue<?>) queue).restore(g, e, keys);
                    } else {
                        readEntry(state, g, e, keys);
                    }
                } catch (IOException | RuntimeException ex) {
                    throw new IllegalStateException("cannot read restored " + (queue != null ? "timers '" : "state '")
                            + name + "' of operator '" + parameters.operatorName() + "' (key group " + g + ") back: "
                            + ex.getMessage() + "; was the key, namespace or value type changed since the snapshot?", ex);
                }
            }
        }
        if (queue != null) {
            ((HeapTimerQueue<?>) queue).restoredPending(0);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> void readEntry(HeapState<?, V> state, int keyGroup, EntryBytes e, TypeSerializer<Object> keys)
            throws IOException {
        StateKeyLayout.KeyAndNamespace kn = StateKeyLayout.read(e.key(), keys, state.namespaceSerializer);
        state.table.put(keyGroup, kn.key(), kn.namespace(), state.decode(e));
    }

    // ---- keys ---------------------------------------------------------------------------------------

    @Override
    protected List<Object> keys(String stateName, long expiredAtOrBefore) {
        List<Object> keys = new ArrayList<>();
        HeapState<?, ?> state = handle(stateName);
        RestoredEntries pending = restored.get(stateName);
        if (pending != null && (pending.kind == TableKind.TIMERS || pending.size() == 0)) {
            pending = null;
        }
        if (state == null && pending == null) {
            return keys;
        }
        // restored entries still held as bytes: their keys are read back, and may repeat (namespaces)
        TypeSerializer<Object> keySerializer = pending == null ? null : requireKeySerializer(stateName);
        Set<Object> seen = pending == null ? null : new HashSet<>();
        KeyGroupRange range = parameters.keyGroupRange();
        for (int g = range.start(); g <= range.end(); g++) {
            if (state != null) {
                addKeys(state, g, expiredAtOrBefore, keys, seen);
            }
            if (pending != null) {
                for (EntryBytes e : pending.keyGroup(g)) {
                    Object key = restoredKey(stateName, g, e, keySerializer);
                    if (seen.add(key)) {
                        keys.add(key);
                    }
                }
                seen.clear(); // keys of different key groups differ
            }
        }
        return keys;
    }

    /** Adds the keys of {@code keyGroup} that hold a value (a live one, for a state with a time to live). */
    private static <V> void addKeys(HeapState<?, V> state, int keyGroup, long expiredAtOrBefore, List<Object> keys,
                                    Set<Object> seen) {
        Map<Object, Map<Object, V>> byKey = state.table.keyGroup(keyGroup);
        if (byKey == null) {
            return;
        }
        for (Map.Entry<Object, Map<Object, V>> k : byKey.entrySet()) {
            if (expiredAtOrBefore != TtlStates.NEVER_EXPIRED && !holdsLiveValue(state, k.getValue(), expiredAtOrBefore)) {
                continue;
            }
            if (seen == null || seen.add(k.getKey())) {
                keys.add(k.getKey());
            }
        }
    }

    private static <V> boolean holdsLiveValue(HeapState<?, V> state, Map<Object, V> byNamespace, long expiredAtOrBefore) {
        for (V stored : byNamespace.values()) {
            if (state.holdsLiveValue(stored, expiredAtOrBefore)) {
                return true;
            }
        }
        return false;
    }

    private Object restoredKey(String stateName, int keyGroup, EntryBytes e, TypeSerializer<Object> keySerializer) {
        try {
            return StateKeyLayout.readKey(e.key(), keySerializer);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalStateException("cannot read the keys of restored state '" + stateName + "' of operator '"
                    + parameters.operatorName() + "' (key group " + keyGroup + ") back: " + ex.getMessage()
                    + "; was the key type changed since the snapshot?", ex);
        }
    }

    // ---- what snapshots read ----------------------------------------------------------------------

    Collection<HeapState<?, ?>> states() {
        return handles();
    }

    Collection<KeyedTimerQueue<?>> queues() {
        return timerQueues();
    }

    /** Restored entries still held as bytes, by name. */
    Map<String, RestoredEntries> restoredEntries() {
        return restored;
    }

    SnapshotHeader.StateInfo stateInfo(String name, TableKind kind) {
        return snapshotInfo(name, kind);
    }

    TypeRecord keyType() {
        return keyTypeRecord();
    }

    /** The key serializer, inferred from {@code key} if nothing decided it yet. */
    TypeSerializer<Object> keySerializerForSnapshot(Object key) {
        return keySerializerFor(key);
    }

    KeyedBackendParameters parameters() {
        return parameters;
    }

    @Override
    public long numEntries() {
        long n = 0;
        for (HeapState<?, ?> state : handles()) {
            n += state.table.size();
        }
        for (RestoredEntries r : restored.values()) {
            if (r.kind != TableKind.TIMERS) {
                n += r.size();
            }
        }
        return n;
    }

    @Override
    public void close() {
        forgetStates();
        restored.clear();
    }
}
