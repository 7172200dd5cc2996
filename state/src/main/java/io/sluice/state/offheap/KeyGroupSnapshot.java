package io.sluice.state.offheap;

import io.sluice.state.KeyGroupRange;
import org.agrona.UnsafeApi;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Writes the keyed state of a range of key groups to a file and restores any range of key groups
 * from a set of such files — what checkpoints and rescaling are built on.
 *
 * <p>Format, version 1 (all numbers big-endian):
 * <pre>
 * header:  magic "SLKG" · version · maxParallelism · first key group · last key group
 *          · state count · per state: name (UTF) · kind (byte, {@link TableKind}: state kinds and
 *          event-time timers) · CRC32C of the header
 * blocks:  per key group: key group · per state: entry count · entries (key length, key bytes,
 *          value length, value bytes; a map state's value is its own entry count and entries)
 *          · CRC32C of the block
 * trailer: magic "SLKE" · number of blocks
 * </pre>
 * A restore reads and checks every file completely (magic, version, checksums, lengths, trailer)
 * before it changes the backend, so a corrupt or truncated file is refused with an error naming the
 * file and the key group, and nothing of it is half-loaded.
 */
public final class KeyGroupSnapshot {

    static final int MAGIC = 0x534C4B47; // "SLKG"
    static final int END_MAGIC = 0x534C4B45; // "SLKE"
    static final int VERSION = 1;
    /** No key, value or map is larger than this: a length beyond it means corruption. */
    static final int MAX_LENGTH = 1 << 30;

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
     * {@code range} hold (a copy of each table's index, 8 bytes per slot) and keeps every entry that
     * exists now unchanged and unfreed until {@link Capture#release}: from here on the backend writes
     * changed values to new blocks (copy on write) and defers frees. The task goes on processing
     * while {@link Capture#writeTo} runs on another thread.
     */
    public static Capture capture(OffHeapKeyedStateBackend backend, KeyGroupRange range) {
        KeyGroupRange own = backend.keyGroupRange();
        if (range.start() < own.start() || range.end() > own.end()) {
            throw new IllegalArgumentException("key groups " + range + " are not all in the backend's range " + own);
        }
        backend.memory().beginDeferringFrees();
        List<OffHeapKeyedStateBackend.StateTables> states = new ArrayList<>(backend.allTables());
        long[][][] frozen = new long[states.size()][range.size()][];
        Map<Long, long[]> maps = new HashMap<>();
        BytesTable view = new BytesTable(backend.memory());
        view.release(); // a view only
        for (int s = 0; s < states.size(); s++) {
            OffHeapKeyedStateBackend.StateTables st = states.get(s);
            for (int g = range.start(); g <= range.end(); g++) {
                BytesTable t = st.byKeyGroup()[g - own.start()];
                if (t == null) {
                    continue;
                }
                long[] index = t.copyIndex();
                frozen[s][g - range.start()] = index;
                if (st.kind() == TableKind.MAP) {
                    for (long e : index) {
                        if (e != 0) {
                            long header = UnsafeApi.getLong(BytesTable.valueAddress(e));
                            maps.put(header, view.wrap(header).copyIndex());
                        }
                    }
                }
            }
        }
        return new Capture(backend, range, states, frozen, maps);
    }

    /** A frozen view of key groups of one backend, to be written once and then released. */
    public static final class Capture implements io.sluice.state.KeyedStateSnapshot {
        private final OffHeapKeyedStateBackend backend;
        private final KeyGroupRange range;
        private final int maxParallelism;
        private final List<String> names = new ArrayList<>();
        private final List<TableKind> kinds = new ArrayList<>();
        private final long[][][] frozen;
        private final Map<Long, long[]> maps;
        private boolean released;

        private Capture(OffHeapKeyedStateBackend backend, KeyGroupRange range,
                        List<OffHeapKeyedStateBackend.StateTables> states, long[][][] frozen, Map<Long, long[]> maps) {
            this.backend = backend;
            this.range = range;
            this.maxParallelism = backend.parameters().maxParallelism();
            for (OffHeapKeyedStateBackend.StateTables s : states) {
                names.add(s.name());
                kinds.add(s.kind());
            }
            this.frozen = frozen;
            this.maps = maps;
        }

        /** Writes the frozen key groups to {@code file}; any thread, before {@link #release}. */
        @Override
        public void writeTo(Path file) throws IOException {
            if (released) {
                throw new IllegalStateException("the snapshot was released before it was written");
            }
            CRC32C crc = new CRC32C();
            try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
                 DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
                 DataOutputStream plain = new DataOutputStream(raw)) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(maxParallelism);
                out.writeInt(range.start());
                out.writeInt(range.end());
                out.writeInt(names.size());
                for (int s = 0; s < names.size(); s++) {
                    out.writeUTF(names.get(s));
                    out.writeByte(kinds.get(s).ordinal());
                }
                out.flush();
                plain.writeLong(crc.getValue());
                byte[][] buf = {new byte[256]};
                for (int g = range.start(); g <= range.end(); g++) {
                    crc.reset();
                    out.writeInt(g);
                    for (int s = 0; s < names.size(); s++) {
                        long[] index = frozen[s][g - range.start()];
                        out.writeInt(count(index));
                        if (index == null) {
                            continue;
                        }
                        for (long e : index) {
                            if (e == 0) {
                                continue;
                            }
                            buf[0] = copy(out, BytesTable.keyAddress(e), BytesTable.keyLength(e), buf[0]);
                            if (kinds.get(s) == TableKind.MAP) {
                                long[] sub = maps.get(UnsafeApi.getLong(BytesTable.valueAddress(e)));
                                out.writeInt(count(sub));
                                for (long m : sub) {
                                    if (m != 0) {
                                        buf[0] = copy(out, BytesTable.keyAddress(m), BytesTable.keyLength(m), buf[0]);
                                        buf[0] = copy(out, BytesTable.valueAddress(m), BytesTable.valueLength(m), buf[0]);
                                    }
                                }
                            } else {
                                buf[0] = copy(out, BytesTable.valueAddress(e), BytesTable.valueLength(e), buf[0]);
                            }
                        }
                    }
                    out.flush();
                    plain.writeLong(crc.getValue());
                }
                plain.writeInt(END_MAGIC);
                plain.writeInt(range.size());
            }
        }

        /** Back on the task's thread once written (or abandoned): frees what changed meanwhile. */
        @Override
        public void release() {
            if (!released) {
                released = true;
                backend.memory().endDeferringFrees();
            }
        }

        private static int count(long[] index) {
            int n = 0;
            if (index != null) {
                for (long e : index) {
                    if (e != 0) {
                        n++;
                    }
                }
            }
            return n;
        }
    }

    private static byte[] copy(DataOutputStream out, long address, int length, byte[] scratch) throws IOException {
        byte[] b = scratch.length >= length ? scratch : new byte[Math.max(length, scratch.length * 2)];
        UnsafeApi.copyMemory(null, address, b, org.agrona.BufferUtil.ARRAY_BASE_OFFSET, length);
        out.writeInt(length);
        out.write(b, 0, length);
        return b;
    }

    /**
     * Restores into {@code backend} every key group of its range found in {@code files}, after
     * checking all of them; key groups outside its range are skipped. The backend's state for those
     * key groups must be empty.
     *
     * @throws CorruptSnapshotException naming the file and what is wrong; the backend is unchanged
     */
    public static void restore(OffHeapKeyedStateBackend backend, List<Path> files) throws IOException {
        for (Path f : files) {
            read(f, null); // check everything first: never half-load
        }
        for (Path f : files) {
            read(f, backend);
        }
        backend.restored();
    }

    /** Reads {@code file}; with a backend, applies its key groups in the backend's range. */
    private static void read(Path file, OffHeapKeyedStateBackend target) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
             DataInputStream plain = new DataInputStream(raw)) {
            String where = "snapshot file " + file;
            try {
                if (in.readInt() != MAGIC) {
                    throw new CorruptSnapshotException(where + " is not a Sluice key-group snapshot (wrong magic number)");
                }
                int version = in.readInt();
                if (version != VERSION) {
                    throw new CorruptSnapshotException(where + " has format version " + version
                            + "; this Sluice reads version " + VERSION);
                }
                int maxParallelism = in.readInt();
                int first = in.readInt();
                int last = in.readInt();
                int stateCount = in.readInt();
                if (first < 0 || last < first - 1 || last >= maxParallelism || stateCount < 0 || stateCount > 1 << 16) {
                    throw new CorruptSnapshotException(where + " has an impossible header (key groups [" + first
                            + ", " + last + "] of " + maxParallelism + ", " + stateCount + " states)");
                }
                if (target != null && maxParallelism != target.parameters().maxParallelism()) {
                    throw new CorruptSnapshotException(where + " was written with max parallelism " + maxParallelism
                            + ", but the job has " + target.parameters().maxParallelism()
                            + "; key groups cannot be mapped between the two");
                }
                String[] names = new String[stateCount];
                TableKind[] kinds = new TableKind[stateCount];
                for (int s = 0; s < stateCount; s++) {
                    names[s] = in.readUTF();
                    int k = in.readUnsignedByte();
                    if (k >= TableKind.values().length) {
                        throw new CorruptSnapshotException(where + " names an unknown state kind " + k);
                    }
                    kinds[s] = TableKind.values()[k];
                }
                check(crc, plain.readLong(), where + ", header");
                KeyGroupRange own = target == null ? null : target.keyGroupRange();
                for (int g = first; g <= last; g++) {
                    crc.reset();
                    int group = in.readInt();
                    if (group != g) {
                        throw new CorruptSnapshotException(where + ": expected key group " + g + ", found " + group);
                    }
                    boolean apply = own != null && own.contains(g);
                    for (int s = 0; s < stateCount; s++) {
                        int entries = length(in, where, g);
                        BytesTable table = apply && entries > 0 ? tableFor(target, names[s], kinds[s], g) : null;
                        for (int e = 0; e < entries; e++) {
                            readEntry(in, where, g, kinds[s], table, target);
                        }
                    }
                    check(crc, plain.readLong(), where + ", key group " + g);
                }
                if (plain.readInt() != END_MAGIC || plain.readInt() != last - first + 1) {
                    throw new CorruptSnapshotException(where + " does not end where it should (trailer missing or wrong)");
                }
                if (plain.read() != -1) {
                    throw new CorruptSnapshotException(where + " has bytes after its end");
                }
            } catch (EOFException e) {
                throw new CorruptSnapshotException(where + " is truncated: it ends before its last key group", e);
            } catch (java.io.UTFDataFormatException e) {
                throw new CorruptSnapshotException(where + " has a state name that is not valid text", e);
            }
        }
    }

    private static BytesTable tableFor(OffHeapKeyedStateBackend target, String name, TableKind kind, int keyGroup) {
        BytesTable[] tables = target.tablesOf(name, kind);
        int i = keyGroup - target.keyGroupRange().start();
        if (tables[i] == null) {
            tables[i] = new BytesTable(target.memory());
        }
        return tables[i];
    }

    private static void readEntry(DataInputStream in, String where, int g, TableKind kind, BytesTable table,
                                  OffHeapKeyedStateBackend target) throws IOException {
        byte[] key = bytes(in, where, g);
        if (kind == TableKind.MAP) {
            int n = length(in, where, g);
            long header = table == null ? 0 : BytesTable.create(target.memory());
            BytesTable map = table == null ? null : new BytesTable(target.memory(), header);
            for (int i = 0; i < n; i++) {
                byte[] mk = bytes(in, where, g);
                byte[] mv = bytes(in, where, g);
                if (map != null) {
                    put(map, mk, mv, target);
                }
            }
            if (table != null) {
                long e = putKey(table, key, Long.BYTES, target);
                UnsafeApi.putLong(BytesTable.valueAddress(e), header);
            }
        } else {
            byte[] value = bytes(in, where, g);
            if (table != null) {
                put(table, key, value, target);
            }
        }
    }

    private static void put(BytesTable table, byte[] key, byte[] value, OffHeapKeyedStateBackend target) {
        long e = putKey(table, key, value.length, target);
        UnsafeApi.copyMemory(value, org.agrona.BufferUtil.ARRAY_BASE_OFFSET, null, BytesTable.valueAddress(e), value.length);
    }

    private static long putKey(BytesTable table, byte[] key, int valueLength, OffHeapKeyedStateBackend target) {
        OffHeapDataOutput scratch = target.restoreScratch();
        scratch.reset();
        scratch.write(key);
        return table.put(scratch.address(), key.length, Hashing.hash(scratch.address(), key.length), valueLength);
    }

    private static byte[] bytes(DataInputStream in, String where, int g) throws IOException {
        int n = length(in, where, g);
        // read as the bytes arrive, never sized by a length that may be corrupt
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    private static int length(DataInputStream in, String where, int g) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_LENGTH) {
            throw new CorruptSnapshotException(where + ", key group " + g + ": impossible length " + n);
        }
        return n;
    }

    private static void check(CRC32C crc, long stored, String where) throws CorruptSnapshotException {
        if (crc.getValue() != stored) {
            throw new CorruptSnapshotException(where + ": checksum mismatch (the file is corrupt)");
        }
    }
}
