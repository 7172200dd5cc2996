package io.sluice.state.offheap;

import io.sluice.state.KeyGroupRange;
import io.sluice.state.snapshot.EntryBytes;
import io.sluice.state.snapshot.SnapshotFormat;
import io.sluice.state.snapshot.SnapshotHeader;
import io.sluice.state.snapshot.SnapshotRestore;
import io.sluice.state.snapshot.SnapshotWriter;
import io.sluice.state.snapshot.TableKind;
import io.sluice.state.snapshot.TimerEntryLayout;
import io.sluice.state.snapshot.TypeRecord;
import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the keyed state of a range of key groups of an off-heap backend to a snapshot file
 * ({@link SnapshotFormat}) and restores any range of key groups from a set of such files, whichever
 * backend wrote them — what checkpoints and rescaling are built on.
 *
 * <p>A restore checks every file's checksum before it interprets any of its bytes, then reads and
 * checks every file completely (magic, version, lengths, trailer), then checks the recorded types
 * against the backend, before it changes the backend: a corrupt or truncated file is refused as
 * corrupt (checksum mismatch) with an error naming the file, and nothing of it is half-loaded.
 */
public final class KeyGroupSnapshot {

    private KeyGroupSnapshot() {
    }

    /** Writes key groups {@code range} of {@code backend} to {@code file}, on this thread. */
    public static void write(OffHeapKeyedStateBackend backend, KeyGroupRange range, Path file) throws IOException {
        Capture capture = capture(backend, range);
        try {
            capture.writeTo(file);
        } finally {
            capture.release();
        }
    }

    /**
     * The synchronous part of a snapshot, on the task's thread: freezes which entries key groups
     * {@code range} hold (a copy of each table's index, 8 bytes per slot; for list state the entries
     * and their value lengths, since appends grow lists in place; for a table in the inline layout
     * only its slot block's address, which the writer lists) and starts a snapshot epoch
     * ({@link SnapshotEpochs}): from here on the backend copies an entry that existed now before it
     * changes it and keeps such an entry when it is freed, until the capture is written or
     * released; entries written later change in place. The task goes on processing while
     * {@link Capture#writeTo} runs on another thread. The types to record are read here too, since
     * inferring serializers decide on the task's thread.
     */
    public static Capture capture(OffHeapKeyedStateBackend backend, KeyGroupRange range) {
        KeyGroupRange own = backend.keyGroupRange();
        if (range.start() < own.start() || range.end() > own.end()) {
            throw new IllegalArgumentException("key groups " + range + " are not all in the backend's range " + own);
        }
        List<OffHeapKeyedStateBackend.StateTables> states = new ArrayList<>(backend.allTables());
        states.sort(Comparator.comparing(OffHeapKeyedStateBackend.StateTables::name)); // the format's order
        List<SnapshotHeader.StateInfo> infos = new ArrayList<>(states.size());
        for (OffHeapKeyedStateBackend.StateTables st : states) {
            infos.add(backend.stateInfo(st.name(), st.kind()));
        }
        SnapshotHeader header = new SnapshotHeader(backend.parameters().maxParallelism(), range, backend.keyType(), infos);
        SnapshotEpochs epochs = backend.memory().epochs();
        if (epochs.exhausted()) {
            backend.restampAll(SnapshotEpochs.FIRST_EPOCH);
            epochs.renumber();
        }
        SnapshotEpochs.Capture epoch = epochs.open();
        long[][][] frozen = new long[states.size()][range.size()][];
        InlineSlots.Frozen[][] inlineBlocks = new InlineSlots.Frozen[states.size()][range.size()];
        int[][][] listLengths = new int[states.size()][][];
        Map<Long, long[]> maps = new HashMap<>();
        BytesTable view = new BytesTable(backend.memory());
        view.release(); // a view only
        for (int s = 0; s < states.size(); s++) {
            OffHeapKeyedStateBackend.StateTables st = states.get(s);
            if (st.kind() == TableKind.LIST) {
                listLengths[s] = new int[range.size()][];
            }
            for (int g = range.start(); g <= range.end(); g++) {
                BytesTable t = st.byKeyGroup()[g - own.start()];
                if (t == null) {
                    continue;
                }
                if (t.isInline() && st.kind() != TableKind.LIST && st.kind() != TableKind.MAP) {
                    inlineBlocks[s][g - range.start()] = t.freezeInline(); // listed by the writer
                    continue;
                }
                long[] index = t.copyIndex();
                frozen[s][g - range.start()] = index;
                if (st.kind() == TableKind.LIST) {
                    listLengths[s][g - range.start()] = compactWithLengths(index);
                } else if (st.kind() == TableKind.MAP) {
                    for (long e : index) {
                        if (e != 0) {
                            long mapHeader = UnsafeApi.getLong(BytesTable.valueAddress(e));
                            maps.put(mapHeader, view.wrap(mapHeader).copyIndex());
                        }
                    }
                }
            }
        }
        return new Capture(backend, header, frozen, inlineBlocks, listLengths, maps, epoch);
    }

    /**
     * Moves a frozen index's entries to its front and returns their value lengths now, in the same
     * order: list values grow in place after the capture, and the snapshot writes what they held now.
     */
    private static int[] compactWithLengths(long[] index) {
        int n = 0;
        for (long e : index) {
            if (e != 0) {
                index[n++] = e;
            }
        }
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = BytesTable.valueLength(index[i]);
        }
        for (int i = n; i < index.length; i++) {
            index[i] = 0;
        }
        return lengths;
    }

    /** A frozen view of key groups of one backend, to be written once and then released. */
    public static final class Capture implements io.sluice.state.KeyedStateSnapshot {
        private final OffHeapKeyedStateBackend backend;
        private final SnapshotHeader header;
        /** Per state (header order) and key group of the range: a copy of the table's index, or null. */
        private final long[][][] frozen;
        /** Per state and key group: the frozen block of a table in the inline layout (its index is then null). */
        private final InlineSlots.Frozen[][] inlineBlocks;
        /** Per list state and key group: the value lengths of the frozen entries, in their order; else null. */
        private final int[][][] listLengths;
        /** Per map-state value (by its table's header address): a copy of its table's index. */
        private final Map<Long, long[]> maps;
        private final SnapshotEpochs.Capture epoch;
        private boolean released;

        private Capture(OffHeapKeyedStateBackend backend, SnapshotHeader header, long[][][] frozen,
                        InlineSlots.Frozen[][] inlineBlocks, int[][][] listLengths, Map<Long, long[]> maps,
                        SnapshotEpochs.Capture epoch) {
            this.backend = backend;
            this.header = header;
            this.frozen = frozen;
            this.inlineBlocks = inlineBlocks;
            this.listLengths = listLengths;
            this.maps = maps;
            this.epoch = epoch;
        }

        /**
         * Writes the frozen key groups to {@code file}; any thread, once, before {@link #release}.
         * Sorts each table's entries by key on the way (the format's order), in place in the frozen
         * index copies, so a snapshot depends on the content only. When it returns (or fails), it
         * reads no more of the backend's memory, and the task may reuse what only this capture kept
         * without waiting for {@link #release}.
         */
        @Override
        public void writeTo(Path file) throws IOException {
            if (released) {
                throw new IllegalStateException("the snapshot was released before it was written");
            }
            try {
                write(file);
            } finally {
                epoch.written();
            }
        }

        private void write(Path file) throws IOException {
            KeyGroupRange range = header.keyGroups();
            List<SnapshotHeader.StateInfo> states = header.states();
            byte[][] buf = {new byte[256]};
            try (SnapshotWriter out = SnapshotWriter.create(file, header)) {
                for (int g = range.start(); g <= range.end(); g++) {
                    out.beginKeyGroup(g);
                    for (int s = 0; s < states.size(); s++) {
                        TableKind kind = states.get(s).kind();
                        long[] index = frozen[s][g - range.start()];
                        InlineSlots.Frozen block = inlineBlocks[s][g - range.start()];
                        if (block != null) {
                            index = block.usedSlots();
                        }
                        int[] lengths = listLengths[s] == null ? null : listLengths[s][g - range.start()];
                        int n = sortedEntries(index, lengths);
                        out.writeCount(n);
                        for (int i = 0; i < n; i++) {
                            long e = index[i];
                            buf[0] = copy(out, BytesTable.keyAddress(e), BytesTable.keyLength(e), buf[0]);
                            if (kind == TableKind.MAP) {
                                long[] sub = maps.get(UnsafeApi.getLong(BytesTable.valueAddress(e)));
                                int m = sortedEntries(sub, null);
                                out.writeCount(m);
                                for (int j = 0; j < m; j++) {
                                    buf[0] = copy(out, BytesTable.keyAddress(sub[j]), BytesTable.keyLength(sub[j]), buf[0]);
                                    buf[0] = copy(out, BytesTable.valueAddress(sub[j]), BytesTable.valueLength(sub[j]), buf[0]);
                                }
                            } else if (kind == TableKind.TIMERS) {
                                // key group and key length never change; the position does, and is not written
                                long value = BytesTable.valueAddress(e);
                                byte[] v = TimerEntryLayout.snapshotValue(UnsafeApi.getInt(value + TimerEntryLayout.KEY_GROUP),
                                        UnsafeApi.getInt(value + TimerEntryLayout.KEY_LENGTH));
                                out.writeBytes(v, v.length);
                            } else {
                                int length = lengths != null ? lengths[i] : BytesTable.valueLength(e);
                                buf[0] = copy(out, BytesTable.valueAddress(e), length, buf[0]);
                            }
                        }
                    }
                    out.endKeyGroup();
                }
                out.finish();
            }
        }

        /** Back on the task's thread once written (or abandoned): frees what only this capture kept. */
        @Override
        public void release() {
            if (!released) {
                released = true;
                backend.memory().epochs().release(epoch);
            }
        }
    }

    /**
     * Moves the entries of a frozen index to its front, sorted by key, with their {@code lengths}
     * (null, or one per entry of an index already compacted) in the same order; returns how many
     * there are.
     */
    static int sortedEntries(long[] index, int[] lengths) {
        if (index == null) {
            return 0;
        }
        int n = 0;
        for (long e : index) {
            if (e != 0) {
                index[n++] = e;
            }
        }
        for (int i = n; i < index.length; i++) {
            index[i] = 0;
        }
        sortByKey(index, lengths, n);
        return n;
    }

    /**
     * Sorts entry addresses {@code entries[0, n)} by their key bytes (unsigned, a prefix before
     * what extends it), and {@code lengths} (or null) along: a heapsort, in place and without
     * allocation, O(n log n) whatever the keys.
     */
    static void sortByKey(long[] entries, int[] lengths, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(entries, lengths, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            long top = entries[0];
            entries[0] = entries[end];
            entries[end] = top;
            if (lengths != null) {
                int l = lengths[0];
                lengths[0] = lengths[end];
                lengths[end] = l;
            }
            siftDown(entries, lengths, 0, end);
        }
    }

    private static void siftDown(long[] a, int[] lengths, int i, int n) {
        long x = a[i];
        int xl = lengths == null ? 0 : lengths[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && compareKeys(a[child + 1], a[child]) > 0) {
                child++;
            }
            if (compareKeys(a[child], x) <= 0) {
                break;
            }
            a[i] = a[child];
            if (lengths != null) {
                lengths[i] = lengths[child];
            }
            i = child;
        }
        a[i] = x;
        if (lengths != null) {
            lengths[i] = xl;
        }
    }

    /** Compares the key bytes of two entries as {@link java.util.Arrays#compareUnsigned(byte[], byte[])} would. */
    static int compareKeys(long a, long b) {
        int la = BytesTable.keyLength(a);
        int lb = BytesTable.keyLength(b);
        long pa = BytesTable.keyAddress(a);
        long pb = BytesTable.keyAddress(b);
        int n = Math.min(la, lb);
        int i = 0;
        for (; i + Long.BYTES <= n; i += Long.BYTES) { // 8 bytes at a time, as big-endian numbers
            long x = OffHeapDataInput.readLong(pa + i);
            long y = OffHeapDataInput.readLong(pb + i);
            if (x != y) {
                return Long.compareUnsigned(x, y);
            }
        }
        for (; i < n; i++) {
            int c = (UnsafeApi.getByte(pa + i) & 0xFF) - (UnsafeApi.getByte(pb + i) & 0xFF);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(la, lb);
    }

    private static byte[] copy(SnapshotWriter out, long address, int length, byte[] scratch) throws IOException {
        byte[] b = scratch.length >= length ? scratch : new byte[Math.max(length, scratch.length * 2)];
        UnsafeApi.copyMemory(null, address, b, BufferUtil.ARRAY_BASE_OFFSET, length);
        out.writeBytes(b, length);
        return b;
    }

    /**
     * Restores into {@code backend} every key group of its range found in {@code files}, after
     * checking all of them and the types they record; key groups outside its range are skipped.
     * The backend's state for those key groups must be empty. Existing timer queues are rebuilt.
     *
     * @throws io.sluice.state.snapshot.CorruptSnapshotException naming the file and what is wrong;
     *                                                           the backend is unchanged
     */
    public static void restore(OffHeapKeyedStateBackend backend, List<Path> files) throws IOException {
        SnapshotRestore.restore(files, backend.parameters(), new Target(backend));
    }

    /** Copies restored entries into the backend's tables. */
    private static final class Target implements SnapshotRestore.Target {
        private final OffHeapKeyedStateBackend backend;

        Target(OffHeapKeyedStateBackend backend) {
            this.backend = backend;
        }

        @Override
        public void prepare(TypeRecord keyType, Map<String, SnapshotHeader.StateInfo> states) {
            backend.prepare(keyType, states);
        }

        @Override
        public void entry(SnapshotHeader.StateInfo state, int keyGroup, EntryBytes entry) {
            BytesTable table = tableFor(state.name(), state.kind(), keyGroup);
            switch (state.kind()) {
                case MAP -> {
                    long mapHeader = BytesTable.create(backend.memory());
                    BytesTable map = new BytesTable(backend.memory(), mapHeader);
                    byte[][] m = entry.mapEntries();
                    for (int i = 0; i < m.length; i += 2) {
                        put(map, m[i], m[i + 1]);
                    }
                    long e = putKey(table, entry.key(), Long.BYTES);
                    UnsafeApi.putLong(BytesTable.valueAddress(e), mapHeader);
                }
                case TIMERS -> {
                    long e = putKey(table, entry.key(), TimerEntryLayout.VALUE_BYTES);
                    long value = BytesTable.valueAddress(e);
                    UnsafeApi.putInt(value + TimerEntryLayout.QUEUE_MARK, 0); // a live timer
                    UnsafeApi.putInt(value + TimerEntryLayout.KEY_GROUP, TimerEntryLayout.keyGroup(entry.value()));
                    UnsafeApi.putInt(value + TimerEntryLayout.KEY_LENGTH, TimerEntryLayout.keyLength(entry.value()));
                }
                default -> put(table, entry.key(), entry.value());
            }
        }

        @Override
        public void loaded() {
            backend.restored();
        }

        private BytesTable tableFor(String name, TableKind kind, int keyGroup) {
            BytesTable[] tables = backend.tablesOf(name, kind);
            int i = keyGroup - backend.keyGroupRange().start();
            if (tables[i] == null) {
                tables[i] = new BytesTable(backend.memory());
            }
            return tables[i];
        }

        private void put(BytesTable table, byte[] key, byte[] value) {
            long e = putKey(table, key, value.length);
            UnsafeApi.copyMemory(value, BufferUtil.ARRAY_BASE_OFFSET, null, BytesTable.valueAddress(e), value.length);
        }

        private long putKey(BytesTable table, byte[] key, int valueLength) {
            OffHeapDataOutput scratch = backend.restoreScratch();
            scratch.reset();
            scratch.write(key);
            return table.put(scratch.address(), key.length, Hashing.hash(scratch.address(), key.length), valueLength);
        }
    }
}
