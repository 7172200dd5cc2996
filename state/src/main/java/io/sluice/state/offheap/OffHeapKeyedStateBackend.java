package io.sluice.state.offheap;

import io.sluice.state.RecordSerializer;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.LongValueStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.StateErrors;
import io.sluice.state.VoidNamespace;
import io.sluice.state.backend.AbstractKeyedStateBackend;
import io.sluice.state.snapshot.SnapshotHeader;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TypeRecord;
import io.sluice.state.ttl.TtlStates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Keyed state in off-heap memory: keys, namespaces and values are serialized with the job's
 * serializers into blocks of direct memory ({@link SlabAllocator}), one hash table per state and key
 * group ({@link BytesTable}); the heap holds no per-key objects, so neither the heap size nor the
 * garbage collector limits how much state a task keeps. Values are copied in and out: what a
 * function changes after {@code update} is not stored until the next {@code update}.
 *
 * <p>The current key is serialized once when it changes; each state handle adds its namespace.
 * Single-threaded: only the task's worker thread calls it.
 */
public final class OffHeapKeyedStateBackend extends AbstractKeyedStateBackend<OffHeapState<?, ?>> {

    private final SlabAllocator memory;
    private final boolean inlineValues;
    /** Slots examined for expired values on each access to a time-to-live state. */
    static final int TTL_CLEANUP_SLOTS = 2;

    /** Every state's entries by name, whether or not a handle exists yet (a restore may come first). */
    private final Map<String, StateTables> tables = new LinkedHashMap<>();
    private final OffHeapDataOutput keyBytes = new OffHeapDataOutput(32);
    /** Where {@link #hashOf} serializes keys, apart from the current key's bytes. */
    private final OffHeapDataOutput otherKeyBytes = new OffHeapDataOutput(32);
    /** Changes whenever the current key does, so handles know to rebuild their composite key. */
    private long keyVersion;

    /** One state's tables, one per key group of this backend's range (null while empty). */
    record StateTables(String name, TableKind kind, BytesTable[] byKeyGroup) {
    }

    /**
     * @param keySerializer the key type's serializer, or null to derive it from the first key's class
     * @param budgetBytes   most direct memory this backend may use
     */
    public OffHeapKeyedStateBackend(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer,
                                    long budgetBytes) {
        this(parameters, keySerializer, budgetBytes, null);
    }

    /** @param spillDirectory where state beyond the budget is kept in mapped files, or null to fail at the budget */
    public OffHeapKeyedStateBackend(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer,
                                    long budgetBytes, java.nio.file.Path spillDirectory) {
        this(parameters, keySerializer, budgetBytes, spillDirectory, true);
    }

    /** @param inlineValues whether value-like states keep small entries in their tables' index ({@link BytesTable}) */
    public OffHeapKeyedStateBackend(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer,
                                    long budgetBytes, java.nio.file.Path spillDirectory, boolean inlineValues) {
        super(parameters, keySerializer);
        this.memory = new SlabAllocator("operator '" + parameters.operatorName() + "' (subtask "
                + parameters.subtaskIndex() + ")", budgetBytes, spillDirectory);
        this.inlineValues = inlineValues;
    }

    /** Whether value-like states keep small entries in their tables' index. */
    boolean inlineValues() {
        return inlineValues;
    }

    /** Bytes of state kept in the spill file beyond the budget. */
    public long spilledBytes() {
        return memory.spilledBytes();
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        if (key == currentKey && keyGroup == currentKeyGroup) {
            return;
        }
        currentKey = key;
        currentKeyGroup = keyGroup;
        keyVersion++;
        if (key != null) {
            serializeKey(key, keyBytes);
        }
    }

    private void serializeKey(Object key, OffHeapDataOutput into) {
        into.reset();
        try {
            keySerializerFor(key).serialize(key, into);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the key " + key + " of operator '"
                    + parameters.operatorName() + "'", e);
        }
    }

    long keyVersion() {
        return keyVersion;
    }

    private long hashedVersion = -1;
    private int keyHash;

    /** The hash of the current key's bytes, computed once per key. */
    int keyHash() {
        if (hashedVersion != keyVersion) {
            OffHeapDataOutput key = keyBytes();
            keyHash = Hashing.hash(key.address(), key.position());
            hashedVersion = keyVersion;
        }
        return keyHash;
    }

    /** The hash {@link #keyHash} would give {@code key} (not null) if it were current; the current key is untouched. */
    int hashOf(Object key) {
        serializeKey(key, otherKeyBytes);
        return Hashing.hash(otherKeyBytes.address(), otherKeyBytes.position());
    }

    /** The current key group's position in this backend's range; checked, since a wrong one means misrouting. */
    int currentKeyGroupIndex() {
        KeyGroupRange range = parameters.keyGroupRange();
        if (!range.contains(currentKeyGroup)) {
            throw StateErrors.foreignKeyGroup(currentKeyGroup, range);
        }
        return currentKeyGroup - range.start();
    }

    /** The current key's bytes; throws when state is used outside of an element or timer. */
    OffHeapDataOutput keyBytes() {
        if (currentKey == null) {
            throw StateErrors.noCurrentKey(parameters.operatorName());
        }
        return keyBytes;
    }

    SlabAllocator memory() {
        return memory;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected OffHeapState<?, ?> createState(StateDescriptor<?, ?> descriptor, TypeSerializer<?> namespaceSerializer) {
        // key-only state (no namespace serializer) is stored under the key alone
        TypeSerializer ns = namespaceSerializer;
        Object defaultNs = VoidNamespace.INSTANCE;
        String name = descriptor.name();
        TypeSerializer values = descriptor.serializer();
        return switch (descriptor.kind()) {
            case VALUE -> values instanceof RecordSerializer ? new OffHeapRecordState(this, name, values)
                    : descriptor instanceof LongValueStateDescriptor ? new OffHeapLongValueState(this, name, ns, defaultNs)
                    : new OffHeapValueState(this, name, values, ns, defaultNs);
            case LIST -> new OffHeapListState(this, name, values, ns, defaultNs);
            case MAP -> new OffHeapMapState(this, name, ((MapStateDescriptor) descriptor).keySerializer(), values, ns,
                    defaultNs);
            case REDUCING -> new OffHeapReducingState(this, name, values, ns, defaultNs,
                    ((ReducingStateDescriptor) descriptor).reduceFunction());
            case AGGREGATING -> new OffHeapAggregatingState(this, name, values, ns, defaultNs,
                    ((AggregatingStateDescriptor) descriptor).aggregateFunction());
        };
    }

    /**
     * Values of value, reducing and aggregating state start with their last-access time, so untouched
     * expired ones can be found a few slots at a time; list elements and map entries expire when touched.
     */
    @Override
    protected LongConsumer ttlCleanup(StateDescriptor<?, ?> descriptor) {
        StateDescriptor.Kind kind = descriptor.kind();
        if (kind == StateDescriptor.Kind.LIST || kind == StateDescriptor.Kind.MAP) {
            return null;
        }
        String name = descriptor.name();
        return new LongConsumer() {
            private OffHeapState<?, ?> state; // looked up once, not on every access

            @Override
            public void accept(long cutoff) {
                if (state == null) {
                    state = handle(name);
                }
                state.cleanupExpired(cutoff, TTL_CLEANUP_SLOTS);
            }
        };
    }

    /** The tables of state {@code name}, created empty on first use. */
    BytesTable[] tablesOf(String name, TableKind kind) {
        StateTables t = tables.get(name);
        if (t == null) {
            t = new StateTables(name, kind, new BytesTable[parameters.keyGroupRange().size()]);
            tables.put(name, t);
        } else if (t.kind() != kind) {
            throw new IllegalStateException("state '" + name + "' of operator '" + parameters.operatorName()
                    + "' was restored as " + t.kind() + " and is now requested as " + kind + "; use distinct names");
        }
        return t.byKeyGroup();
    }

    private final OffHeapDataInput keyIn = new OffHeapDataInput();

    /**
     * The key whose bytes start at {@code address} (an entry key of state {@code stateName} in
     * {@code keyGroup}: the key's bytes, then maybe a namespace's, which are not read).
     */
    Object readKey(String stateName, int keyGroup, long address, int length) {
        TypeSerializer<Object> keySerializer = requireKeySerializer(stateName); // its own error: declare the key type
        try {
            return keySerializer.deserialize(keyIn.wrap(address, length));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the keys of state '" + stateName + "' of operator '"
                    + parameters.operatorName() + "' (key group " + keyGroup + ") back: " + e.getMessage()
                    + "; was the key type changed since the snapshot?", e);
        }
    }

    @Override
    protected List<Object> keys(String stateName, long expiredAtOrBefore) {
        List<Object> keys = new ArrayList<>();
        StateTables t = tables.get(stateName);
        if (t == null || t.kind() == TableKind.TIMERS) {
            return keys;
        }
        OffHeapState<?, ?> ttlState = expiredAtOrBefore == TtlStates.NEVER_EXPIRED ? null : handle(stateName);
        Set<Object> seen = new HashSet<>(); // a key with entries in several namespaces is listed once
        BytesTable[] byKeyGroup = t.byKeyGroup();
        for (int i = 0; i < byKeyGroup.length; i++) {
            BytesTable table = byKeyGroup[i];
            if (table == null || table.size() == 0) {
                continue;
            }
            for (int slot = 0; slot < table.capacity(); slot++) {
                long e = table.entryAt(slot);
                if (e == 0 || (ttlState != null && !ttlState.holdsLiveValue(e, expiredAtOrBefore))) {
                    continue;
                }
                Object key = readKey(stateName, parameters.keyGroupRange().start() + i, BytesTable.keyAddress(e),
                        BytesTable.keyLength(e));
                if (seen.add(key)) {
                    keys.add(key);
                }
            }
            seen.clear(); // keys of different key groups differ
        }
        return keys;
    }

    @Override
    public KeyedStateSnapshot snapshot() {
        return KeyGroupSnapshot.capture(this, parameters.keyGroupRange());
    }

    /** Captures key groups {@code range} (within this backend's) for a snapshot, as {@link #snapshot} does all. */
    public KeyedStateSnapshot snapshot(KeyGroupRange range) {
        return KeyGroupSnapshot.capture(this, range);
    }

    @Override
    public void restore(java.util.List<java.nio.file.Path> files) throws IOException {
        KeyGroupSnapshot.restore(this, files);
    }

    @Override
    protected <N> KeyedTimerQueue<N> createTimerQueue(String name, TypeSerializer<N> namespaceSerializer) {
        return new OffHeapTimerQueue<>(this, name, namespaceSerializer);
    }

    /** After a restore filled tables: timer queues that exist already rebuild their order. */
    void restored() {
        for (KeyedTimerQueue<?> q : timerQueues()) {
            ((OffHeapTimerQueue<?>) q).rebuild();
        }
    }

    /**
     * The key serializer, to read keys back that this backend stored (timers, restored state); fails
     * clearly when it is not known yet because it is inferred from the first key.
     */
    TypeSerializer<Object> keySerializerForRestore(String what) {
        return requireKeySerializer(what);
    }

    /** What a snapshot records of the keys. */
    TypeRecord keyType() {
        return keyTypeRecord();
    }

    /** What a snapshot records of state {@code name}. */
    SnapshotHeader.StateInfo stateInfo(String name, TableKind kind) {
        return snapshotInfo(name, kind);
    }

    /** Before a restore loads anything: refuses what cannot be restored, adopts recorded types. */
    void prepare(TypeRecord keyType, java.util.Map<String, SnapshotHeader.StateInfo> states) {
        for (SnapshotHeader.StateInfo s : states.values()) {
            StateTables t = tables.get(s.name());
            if (t != null && t.kind() != s.kind()) {
                throw new IllegalStateException("state '" + s.name() + "' of operator '" + parameters.operatorName()
                        + "' is " + t.kind() + " here and " + s.kind() + " in the snapshot; use distinct names");
            }
        }
        prepareRestore(keyType, states);
    }

    /** Stamps every entry, map entries and removed timers included, with snapshot epoch {@code stamp} (see {@link SnapshotEpochs#renumber}). */
    void restampAll(int stamp) {
        BytesTable view = new BytesTable(memory);
        view.release(); // a view only
        for (StateTables t : tables.values()) {
            for (BytesTable table : t.byKeyGroup()) {
                if (table == null) {
                    continue;
                }
                table.restamp(stamp);
                if (t.kind() == TableKind.MAP) {
                    for (int slot = 0; slot < table.capacity(); slot++) {
                        long e = table.entryAt(slot);
                        if (e != 0) {
                            view.wrap(org.agrona.UnsafeApi.getLong(BytesTable.valueAddress(e))).restamp(stamp);
                        }
                    }
                }
            }
        }
        for (KeyedTimerQueue<?> q : timerQueues()) {
            ((OffHeapTimerQueue<?>) q).restampRemoved(stamp); // removed timers are out of the tables
        }
    }

    /** Every state's tables, in registration (or restore) order. */
    java.util.Collection<StateTables> allTables() {
        return tables.values();
    }

    KeyedBackendParameters parameters() {
        return parameters;
    }

    private OffHeapDataOutput restoreScratch;

    /** A buffer for keys being restored. */
    OffHeapDataOutput restoreScratch() {
        if (restoreScratch == null) {
            restoreScratch = new OffHeapDataOutput(256);
        }
        return restoreScratch;
    }

    @Override
    public long numEntries() {
        long n = 0;
        for (StateTables t : tables.values()) {
            if (t.kind() == TableKind.TIMERS) {
                continue; // timers are not state entries
            }
            for (BytesTable table : t.byKeyGroup()) {
                if (table != null) {
                    n += table.size();
                }
            }
        }
        return n;
    }

    /** Direct memory reserved by this backend. */
    public long reservedBytes() {
        return memory.reservedBytes();
    }

    /** Bytes in live blocks (entries and indexes). */
    public long usedBytes() {
        return memory.usedBytes();
    }

    @Override
    public void close() {
        forgetStates();
        tables.clear();
        memory.close();
    }
}
