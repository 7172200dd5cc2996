package io.sluice.state.snapshot;

import io.sluice.state.KeyGroupRange;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Reads snapshot files ({@link SnapshotFormat}) whichever backend wrote them and whichever will
 * receive them. {@link #verify} reads a whole file and checks everything the format can check
 * (magic, version, max parallelism, lengths, checksums, trailer, the shape of timer entries);
 * {@link #load} reads a verified file again and hands the entries of some key groups to a
 * {@link SnapshotSink}. Every length is checked before use and no array is sized by a length read
 * from the file, so a corrupt file is refused instead of exhausting memory. Any thread.
 */
public final class SnapshotReader {

    private SnapshotReader() {
    }

    /**
     * Reads and checks all of {@code file}.
     *
     * @param maxParallelism the job's; a file of another is refused (its key groups mean other keys)
     * @throws CorruptSnapshotException naming the file and, where it applies, the key group
     */
    public static SnapshotHeader verify(Path file, int maxParallelism) throws IOException {
        return read(file, maxParallelism, null, null);
    }

    /** Reads {@code file}, verified before, passing the entries of key groups in {@code wanted} to {@code sink}. */
    public static void load(Path file, int maxParallelism, KeyGroupRange wanted, SnapshotSink sink) throws IOException {
        read(file, maxParallelism, wanted, sink);
    }

    private static SnapshotHeader read(Path file, int expectedMaxParallelism, KeyGroupRange wanted, SnapshotSink sink)
            throws IOException {
        CRC32C crc = new CRC32C();
        String where = "snapshot file " + file;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
             DataInputStream plain = new DataInputStream(raw)) {
            try {
                SnapshotHeader header = readHeader(in, where, expectedMaxParallelism);
                check(crc, plain.readLong(), where + ", header");
                List<SnapshotHeader.StateInfo> states = header.states();
                KeyGroupRange groups = header.keyGroups();
                for (int g = groups.start(); g <= groups.end(); g++) {
                    crc.reset();
                    int group = in.readInt();
                    if (group != g) {
                        throw new CorruptSnapshotException(where + ": expected key group " + g + ", found " + group);
                    }
                    SnapshotSink target = sink != null && wanted.contains(g) ? sink : null;
                    for (SnapshotHeader.StateInfo state : states) {
                        int entries = length(in, where, g);
                        for (int e = 0; e < entries; e++) {
                            EntryBytes entry = readEntry(in, where, g, state);
                            if (target != null) {
                                target.entry(state, g, entry);
                            }
                        }
                    }
                    check(crc, plain.readLong(), where + ", key group " + g);
                }
                if (plain.readInt() != SnapshotFormat.END_MAGIC || plain.readInt() != groups.size()) {
                    throw new CorruptSnapshotException(where + " does not end where it should (trailer missing or wrong)");
                }
                if (plain.read() != -1) {
                    throw new CorruptSnapshotException(where + " has bytes after its end");
                }
                return header;
            } catch (EOFException e) {
                throw new CorruptSnapshotException(where + " is truncated: it ends before its last key group", e);
            } catch (java.io.UTFDataFormatException e) {
                throw new CorruptSnapshotException(where + " has a state or type name that is not valid text", e);
            }
        }
    }

    private static SnapshotHeader readHeader(DataInputStream in, String where, int expectedMaxParallelism)
            throws IOException {
        if (in.readInt() != SnapshotFormat.MAGIC) {
            throw new CorruptSnapshotException(where + " is not a Sluice key-group snapshot (wrong magic number)");
        }
        int version = in.readInt();
        if (version != SnapshotFormat.VERSION) {
            throw new CorruptSnapshotException(where + " has format version " + version + "; this Sluice reads"
                    + " only version " + SnapshotFormat.VERSION + (version == 1
                    ? " (version 1 recorded no key and value types); take the snapshot again with this Sluice"
                    : ""));
        }
        int maxParallelism = in.readInt();
        int first = in.readInt();
        int last = in.readInt();
        if (maxParallelism <= 0 || first < 0 || last < first - 1 || last >= maxParallelism) {
            throw new CorruptSnapshotException(where + " has an impossible header (key groups [" + first + ", "
                    + last + "] of max parallelism " + maxParallelism + ")");
        }
        if (maxParallelism != expectedMaxParallelism) {
            throw new CorruptSnapshotException(where + " was written with max parallelism " + maxParallelism
                    + ", but the job has " + expectedMaxParallelism + "; key groups cannot be mapped between the two");
        }
        TypeRecord keyType = TypeRecord.readFrom(in, where);
        int stateCount = in.readInt();
        if (stateCount < 0 || stateCount > SnapshotFormat.MAX_STATES) {
            throw new CorruptSnapshotException(where + " has an impossible header (" + stateCount + " states)");
        }
        List<SnapshotHeader.StateInfo> states = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int s = 0; s < stateCount; s++) {
            String name = in.readUTF();
            int k = in.readUnsignedByte();
            if (k >= TableKind.values().length) {
                throw new CorruptSnapshotException(where + " names an unknown state kind " + k);
            }
            int ttl = in.readUnsignedByte();
            if (ttl > 1) {
                throw new CorruptSnapshotException(where + " has an impossible time-to-live flag " + ttl);
            }
            if (!names.add(name)) {
                throw new CorruptSnapshotException(where + " names state '" + name + "' twice");
            }
            states.add(new SnapshotHeader.StateInfo(name, TableKind.values()[k], ttl == 1,
                    TypeRecord.readFrom(in, where), TypeRecord.readFrom(in, where)));
        }
        return new SnapshotHeader(maxParallelism, new KeyGroupRange(first, last), keyType, states);
    }

    private static EntryBytes readEntry(DataInputStream in, String where, int g, SnapshotHeader.StateInfo state)
            throws IOException {
        byte[] key = bytes(in, where, g);
        if (state.kind() == TableKind.MAP) {
            int n = length(in, where, g);
            List<byte[]> entries = new ArrayList<>(); // grows as entries arrive, never sized by n
            for (int i = 0; i < n; i++) {
                entries.add(bytes(in, where, g));
                entries.add(bytes(in, where, g));
            }
            return EntryBytes.ofMap(key, entries.toArray(new byte[0][]));
        }
        byte[] value = bytes(in, where, g);
        if (state.kind() == TableKind.TIMERS) {
            TimerEntryLayout.check(key, value, g, where + ", key group " + g + ", timers '" + state.name() + "'");
        }
        return EntryBytes.of(key, value);
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
        if (n < 0 || n > SnapshotFormat.MAX_LENGTH) {
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
