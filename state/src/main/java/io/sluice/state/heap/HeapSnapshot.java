package io.sluice.state.heap;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.KeyedTimerQueue;
import io.sluice.state.VoidNamespace;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.SnapshotHeader;
import io.sluice.state.snapshot.SnapshotWriter;
import io.sluice.state.snapshot.StateKeyLayout;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TypeRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A heap backend's snapshot in the off-heap backend's format ({@link io.sluice.state.snapshot.SnapshotFormat}),
 * byte for byte: every entry is serialized with the state's serializers into the bytes the off-heap
 * backend would keep for it (key then namespace, list elements one after the other, map entries,
 * timer entries), and states and entries are sorted the same way.
 *
 * <p>The capture serializes everything on the task's thread into memory: the synchronous pause and
 * the memory it takes grow with the state's size, unlike the off-heap backend's copy-on-write
 * capture, which copies table indexes only. {@link Capture#writeTo} then writes the bytes on any
 * thread and never touches the backend; {@link Capture#release} drops them.
 */
final class HeapSnapshot {

    private static final Comparator<EntryBytes> BY_KEY = (a, b) -> Arrays.compareUnsigned(a.key(), b.key());

    private HeapSnapshot() {
    }

    /** The entries of one state or timer queue, per key group of the range, sorted by key. */
    private record Section(String name, TableKind kind, EntryBytes[][] byKeyGroup) {
    }

    /** Serializes key groups {@code range} of {@code backend}; task thread. */
    static Capture capture(HeapKeyedStateBackend backend, KeyGroupRange range) {
        KeyGroupRange own = backend.keyGroupRange();
        if (range.start() < own.start() || range.end() > own.end()) {
            throw new IllegalArgumentException("key groups " + range + " are not all in the backend's range " + own);
        }
        Writer w = new Writer(backend, range);
        Map<String, RestoredEntries> restored = backend.restoredEntries();
        TreeMap<String, Section> sections = new TreeMap<>(); // the format's order: by name
        try {
            for (HeapState<?, ?> state : backend.states()) {
                RestoredEntries r = restored.get(state.name);
                sections.put(state.name, r != null ? w.restored(r) : w.state(state));
            }
            for (KeyedTimerQueue<?> q : backend.queues()) {
                HeapTimerQueue<?> queue = (HeapTimerQueue<?>) q;
                RestoredEntries r = restored.get(queue.name());
                sections.put(queue.name(), r != null ? w.restored(r) : w.timers(queue));
            }
            for (RestoredEntries r : restored.values()) {
                sections.putIfAbsent(r.name, w.restored(r)); // no handle yet: written as restored
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the keyed state of operator '"
                    + backend.parameters().operatorName() + "' for a snapshot: " + e.getMessage(), e);
        }
        // the types are read after serializing: inferring serializers decide on their first value
        List<SnapshotHeader.StateInfo> infos = new ArrayList<>(sections.size());
        for (Section s : sections.values()) {
            infos.add(backend.stateInfo(s.name(), s.kind()));
        }
        SnapshotHeader header = new SnapshotHeader(backend.parameters().maxParallelism(), range, backend.keyType(), infos);
        return new Capture(header, new ArrayList<>(sections.values()));
    }

    /** Serializes entries; holds the key serializer and checks every key against the inferred class. */
    private static final class Writer {
        private final HeapKeyedStateBackend backend;
        private final KeyGroupRange range;
        private final ByteScratch scratch = new ByteScratch();
        private TypeSerializer<Object> keys;
        /** The key class when keys are inferred: every key must be of it. */
        private String keyClassName;

        Writer(HeapKeyedStateBackend backend, KeyGroupRange range) {
            this.backend = backend;
            this.range = range;
        }

        private TypeSerializer<Object> keys(Object key) {
            if (keys == null) {
                keys = backend.keySerializerForSnapshot(key);
                TypeRecord t = backend.keyType();
                keyClassName = t.origin() == TypeRecord.Origin.INFERRED ? t.className() : null;
            }
            if (keyClassName != null && !keyClassName.equals(key.getClass().getName())) {
                throw new IllegalStateException("keyed state of operator '" + backend.parameters().operatorName()
                        + "' holds keys of " + keyClassName + " and of " + key.getClass().getName()
                        + ", so no one key serializer inferred from a class writes them; declare the key type's serializer");
            }
            return keys;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        Section state(HeapState<?, ?> state) throws IOException {
            HeapState s = state;
            EntryBytes[][] byKeyGroup = new EntryBytes[range.size()][];
            for (int g = range.start(); g <= range.end(); g++) {
                Map<Object, Map<Object, Object>> byKey = s.table.keyGroup(g);
                if (byKey == null || byKey.isEmpty()) {
                    continue;
                }
                List<EntryBytes> entries = new ArrayList<>();
                for (Map.Entry<Object, Map<Object, Object>> k : byKey.entrySet()) {
                    TypeSerializer<Object> keySerializer = keys(k.getKey());
                    for (Map.Entry<Object, Object> n : k.getValue().entrySet()) {
                        if (state.namespaceSerializer == null && n.getKey() != VoidNamespace.INSTANCE) {
                            throw new IllegalStateException("state '" + state.name + "' has no namespace serializer"
                                    + " but holds a value in namespace " + n.getKey()
                                    + "; request the state with the namespace's serializer");
                        }
                        scratch.reset();
                        StateKeyLayout.write(keySerializer, k.getKey(), state.namespaceSerializer, n.getKey(), scratch.out());
                        entries.add(s.encode(scratch.toByteArray(), n.getValue(), scratch));
                    }
                }
                byKeyGroup[g - range.start()] = sorted(entries);
            }
            return new Section(state.name, state.kind(), byKeyGroup);
        }

        Section timers(HeapTimerQueue<?> queue) throws IOException {
            List<List<EntryBytes>> lists = new ArrayList<>(range.size());
            for (int i = 0; i < range.size(); i++) {
                lists.add(null);
            }
            for (HeapTimerQueue.Timer t : queue.all()) {
                if (!range.contains(t.keyGroup())) {
                    continue;
                }
                int i = t.keyGroup() - range.start();
                if (lists.get(i) == null) {
                    lists.set(i, new ArrayList<>());
                }
                lists.get(i).add(queue.encode(t, keys(t.key()), scratch));
            }
            EntryBytes[][] byKeyGroup = new EntryBytes[range.size()][];
            for (int i = 0; i < byKeyGroup.length; i++) {
                byKeyGroup[i] = lists.get(i) == null ? null : sorted(lists.get(i));
            }
            return new Section(queue.name(), TableKind.TIMERS, byKeyGroup);
        }

        /** Entries still held as restored bytes: written as they are. */
        Section restored(RestoredEntries r) {
            EntryBytes[][] byKeyGroup = new EntryBytes[range.size()][];
            for (int g = range.start(); g <= range.end(); g++) {
                List<EntryBytes> entries = r.keyGroup(g);
                byKeyGroup[g - range.start()] = entries.isEmpty() ? null : sorted(new ArrayList<>(entries));
            }
            return new Section(r.name, r.kind, byKeyGroup);
        }

        private static EntryBytes[] sorted(List<EntryBytes> entries) {
            EntryBytes[] a = entries.toArray(new EntryBytes[0]);
            Arrays.sort(a, BY_KEY);
            return a;
        }
    }

    /** The serialized key groups, written once on any thread. */
    static final class Capture implements KeyedStateSnapshot {
        private final SnapshotHeader header;
        /** Complete before the capture is handed to the writing thread (the hand-off orders it); null once released. */
        private List<Section> sections;

        private Capture(SnapshotHeader header, List<Section> sections) {
            this.header = header;
            this.sections = sections;
        }

        @Override
        public void writeTo(Path file) throws IOException {
            List<Section> sections = this.sections;
            if (sections == null) {
                throw new IllegalStateException("the snapshot was released before it was written");
            }
            KeyGroupRange range = header.keyGroups();
            try (SnapshotWriter out = SnapshotWriter.create(file, header)) {
                for (int g = range.start(); g <= range.end(); g++) {
                    out.beginKeyGroup(g);
                    for (Section s : sections) {
                        EntryBytes[] entries = s.byKeyGroup()[g - range.start()];
                        out.writeCount(entries == null ? 0 : entries.length);
                        if (entries != null) {
                            for (EntryBytes e : entries) {
                                out.writeEntry(e);
                            }
                        }
                    }
                    out.endKeyGroup();
                }
                out.finish();
            }
        }

        /** Drops the serialized state; the backend holds nothing for a heap capture. */
        @Override
        public void release() {
            sections = null;
        }
    }
}
