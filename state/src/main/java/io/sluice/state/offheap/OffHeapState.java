package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.StateDescriptor;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.snapshot.TableKind;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Base of the off-heap state handles. Entries live in one {@link BytesTable} per key group, keyed by
 * the serialized current key followed by the serialized namespace
 * ({@link io.sluice.state.snapshot.StateKeyLayout}); the value bytes are the state's own. The current key is serialized once per key change (by the backend), the namespace once per
 * namespace change (here), so a state access costs one hash of the composite key and one probe.
 */
abstract class OffHeapState<N, V> implements InternalKvState<N> {

    protected final OffHeapKeyedStateBackend backend;
    protected final String name;
    protected final TypeSerializer<V> valueSerializer;
    private final TypeSerializer<N> namespaceSerializer;
    private final BytesTable[] tables;
    private final KeyGroupRange range;
    /** Whether this state's tables keep small entries in their index ({@link BytesTable}'s inline layout). */
    private final boolean inlineEntries;

    private N namespace;
    /** Composite key: current key bytes then namespace bytes; rebuilt when either changes. */
    private final OffHeapDataOutput composite = new OffHeapDataOutput(64);
    private long compositeKeyVersion = -1;
    private boolean namespaceChanged = true;
    private int compositeHash;
    /** Where the current composite key's bytes are: this state's buffer, or the backend's key bytes. */
    private long compositeAddress;

    protected final OffHeapDataOutput valueOut = new OffHeapDataOutput(64);
    protected final OffHeapDataInput valueIn = new OffHeapDataInput();

    OffHeapState(OffHeapKeyedStateBackend backend, String name, StateDescriptor.Kind kind,
                 TypeSerializer<V> valueSerializer, TypeSerializer<N> namespaceSerializer, N defaultNamespace) {
        this(backend, name, kind, valueSerializer, namespaceSerializer, defaultNamespace, false);
    }

    /**
     * @param inlineEntries whether small entries live in the tables' index itself, one cache miss per
     *                      lookup at a million keys instead of two: for states whose values are
     *                      small and replaced whole (values, sums, accumulators)
     */
    OffHeapState(OffHeapKeyedStateBackend backend, String name, StateDescriptor.Kind kind,
                 TypeSerializer<V> valueSerializer, TypeSerializer<N> namespaceSerializer, N defaultNamespace,
                 boolean inlineEntries) {
        this.inlineEntries = inlineEntries && backend.inlineValues();
        this.backend = backend;
        this.name = name;
        this.valueSerializer = valueSerializer;
        this.namespaceSerializer = namespaceSerializer;
        this.range = backend.keyGroupRange();
        this.tables = backend.tablesOf(name, TableKind.of(kind)); // shared with snapshots and restores
        this.namespace = defaultNamespace;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        if (namespace != this.namespace) {
            this.namespace = namespace;
            namespaceChanged = true;
        }
    }

    N currentNamespace() {
        return namespace;
    }

    /**
     * The table of the current key's group, for a write: created on first use, and in the layout
     * this state prefers the first time it writes to a table it did not create (one a restore filled).
     */
    protected final BytesTable table() {
        int i = backend.currentKeyGroupIndex();
        BytesTable t = tables[i];
        if (t == null || !t.settled()) {
            t = settledTable(i);
        }
        return t;
    }

    private BytesTable settledTable(int i) {
        BytesTable t = tables[i];
        if (t == null) {
            SlabAllocator memory = backend.memory();
            t = new BytesTable(memory, inlineEntries ? BytesTable.createInline(memory) : BytesTable.create(memory));
            tables[i] = t;
        }
        t.settleLayout(inlineEntries);
        return t;
    }

    /** The table of key group {@code keyGroup}, or null if it holds nothing yet. */
    final BytesTable tableOf(int keyGroup) {
        return tables[keyGroup - range.start()];
    }

    /** The table of key group {@code keyGroup} when the group is this backend's and holds something, else null. */
    final BytesTable existingTableOf(int keyGroup) {
        return range.contains(keyGroup) ? tables[keyGroup - range.start()] : null;
    }

    /** Makes the composite key current; returns its length (address via {@link #keyAddress()}). */
    protected final int compositeKey() {
        long version = backend.keyVersion();
        if (namespaceSerializer == null) {
            // key-only state: the backend's key bytes are the whole key, no copy
            OffHeapDataOutput key = backend.keyBytes();
            compositeAddress = key.address();
            compositeHash = backend.keyHash();
            return key.position();
        }
        if (version != compositeKeyVersion || namespaceChanged) {
            composite.reset();
            OffHeapDataOutput key = backend.keyBytes();
            composite.writeFrom(key.address(), key.position());
            try {
                if (namespaceSerializer != null) {
                    namespaceSerializer.serialize(namespace, composite);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialize the namespace of state '" + name + "'", e);
            }
            compositeHash = Hashing.hash(composite.address(), composite.position());
            compositeKeyVersion = version;
            namespaceChanged = false;
        }
        compositeAddress = composite.address();
        return composite.position();
    }

    protected final long keyAddress() {
        return compositeAddress;
    }

    protected final int keyHash() {
        return compositeHash;
    }

    /** The current entry, or 0. */
    protected final long entry() {
        int len = compositeKey();
        BytesTable t = tables[backend.currentKeyGroupIndex()];
        return t == null ? 0 : t.find(compositeAddress, len, compositeHash);
    }

    /** Stores {@link #valueOut}'s bytes as the current entry's value. */
    protected final void storeValueOut() {
        int len = compositeKey();
        long e = table().put(compositeAddress, len, compositeHash, valueOut.position());
        org.agrona.UnsafeApi.copyMemory(valueOut.address(), BytesTable.valueAddress(e), valueOut.position());
    }

    protected final void serializeValue(V value) {
        valueOut.reset();
        try {
            valueSerializer.serialize(value, valueOut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a value of state '" + name + "' with "
                    + valueSerializer.typeName(), e);
        }
    }

    protected final V deserializeValue(long entry) {
        try {
            return valueSerializer.deserialize(valueIn.wrap(BytesTable.valueAddress(entry), BytesTable.valueLength(entry)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a value of state '" + name + "' with "
                    + valueSerializer.typeName(), e);
        }
    }

    @Override
    public void clear() {
        int len = compositeKey();
        BytesTable t = tables[backend.currentKeyGroupIndex()];
        if (t != null) {
            t.remove(compositeAddress, len, compositeHash);
        }
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be merged");
    }

    /**
     * For a state with a time to live, whose stored values start with their last-access time: whether
     * {@code entry} holds a value last accessed after {@code expiredAtOrBefore}.
     */
    boolean holdsLiveValue(long entry, long expiredAtOrBefore) {
        return BytesTable.valueLength(entry) >= Long.BYTES
                && OffHeapDataInput.readLong(BytesTable.valueAddress(entry)) > expiredAtOrBefore;
    }

    private int cleanupGroup;
    private int cleanupSlot;

    /**
     * Incremental expiry for state whose values start with their last-access time (time-to-live
     * state): looks at up to {@code budget} slots from where the last call stopped, round-robin over
     * the key groups, and removes entries last accessed at or before {@code cutoff}. A few slots per
     * state access, so untouched expired values are reclaimed without a scan that would stall the task.
     */
    final void cleanupExpired(long cutoff, int budget) {
        for (int visited = 0; visited < budget; visited++) {
            BytesTable t = tables[cleanupGroup];
            if (t == null || cleanupSlot >= t.capacity()) {
                cleanupGroup = (cleanupGroup + 1) % tables.length;
                cleanupSlot = 0;
                continue;
            }
            long e = t.entryAt(cleanupSlot);
            if (e != 0 && BytesTable.valueLength(e) >= Long.BYTES
                    && OffHeapDataInput.readLong(BytesTable.valueAddress(e)) <= cutoff) {
                t.remove(BytesTable.keyAddress(e), BytesTable.keyLength(e), BytesTable.hashOf(e));
                // a later entry may have moved into this slot: look at it again next
            } else {
                cleanupSlot++;
            }
        }
    }
}
