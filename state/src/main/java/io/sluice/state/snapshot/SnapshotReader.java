package io.sluice.state.snapshot;

import io.sluice.state.KeyGroupRange;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Reads snapshot files ({@link SnapshotFormat}) whichever backend wrote them and whichever will
 * receive them. {@link #verify} checks the file's checksum first, before it interprets any byte,
 * then reads the whole file and checks everything else the format can check (magic, version, max
 * parallelism, lengths, trailer, the shape of timer entries); {@link #load} reads a verified file
 * again and hands the entries of some key groups to a {@link SnapshotSink}. Every length is checked
 * before use and no array is sized by a length read from the file, so even a malformed file with a
 * right checksum is refused instead of exhausting memory. Any thread.
 */
public final class SnapshotReader {

    /** What to do about a snapshot that cannot be restored; ends every message of a refused file. */
    static final String FIX = "restore from another checkpoint";

    private SnapshotReader() {
    }

    /**
     * Checks the checksum of all of {@code file}, then reads and checks all of it.
     *
     * @param maxParallelism the job's; a file of another is refused (its key groups mean other keys)
     * @throws CorruptSnapshotException naming the file: a checksum mismatch for any changed or missing
     *                                  byte; only for a file with a right checksum, its kind, version,
     *                                  max parallelism or structure
     */
    public static SnapshotHeader verify(Path file, int maxParallelism) throws IOException {
        verifyChecksum(file, where(file));
        return read(file, maxParallelism, null, null);
    }

    /** Reads {@code file}, verified before, passing the entries of key groups in {@code wanted} to {@code sink}. */
    public static void load(Path file, int maxParallelism, KeyGroupRange wanted, SnapshotSink sink) throws IOException {
        read(file, maxParallelism, wanted, sink);
    }

    private static String where(Path file) {
        return "snapshot file " + file;
    }

    /**
     * Compares the CRC32C of every byte of {@code file} but the last 8 with the last 8, which are
     * found by the file's size alone: nothing of the file is interpreted before this, so a changed
     * byte cannot pass for a structural problem, whichever byte it is.
     */
    static void verifyChecksum(Path file, String where) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < SnapshotFormat.CHECKSUM_BYTES) {
                throw new CorruptSnapshotException(where + " is corrupt: it has " + size + " bytes, too few to end"
                        + " with its checksum (it was cut short after it was written); " + FIX);
            }
            long covered = size - SnapshotFormat.CHECKSUM_BYTES;
            CRC32C crc = new CRC32C();
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            long position = 0;
            while (position < covered) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), covered - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw checksumMismatch(where); // shorter than it was a moment ago: cut short
                }
                crc.update(buffer.flip());
                position += n;
            }
            buffer.clear().limit(SnapshotFormat.CHECKSUM_BYTES);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, covered + buffer.position()) < 0) {
                    throw checksumMismatch(where);
                }
            }
            if (buffer.flip().getLong() != crc.getValue()) {
                throw checksumMismatch(where);
            }
        }
    }

    private static CorruptSnapshotException checksumMismatch(String where) {
        return new CorruptSnapshotException(where + " is corrupt: checksum mismatch (its bytes changed or it was"
                + " cut short after it was written); " + FIX);
    }

    /**
     * A file whose checksum is right but whose content breaks the format: it was written so, by a
     * faulty writer, and changed on neither disk nor network.
     */
    static CorruptSnapshotException malformed(String where, String what) {
        return new CorruptSnapshotException(where + " was written malformed (its checksum is right, so the fault is"
                + " in what wrote it): " + what + "; " + FIX);
    }

    private static SnapshotHeader read(Path file, int expectedMaxParallelism, KeyGroupRange wanted, SnapshotSink sink)
            throws IOException {
        String where = where(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            try {
                SnapshotHeader header = readHeader(in, where, expectedMaxParallelism);
                List<SnapshotHeader.StateInfo> states = header.states();
                KeyGroupRange groups = header.keyGroups();
                for (int g = groups.start(); g <= groups.end(); g++) {
                    int group = in.readInt();
                    if (group != g) {
                        throw malformed(where, "expected key group " + g + ", found " + group);
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
                }
                if (in.readInt() != SnapshotFormat.END_MAGIC || in.readInt() != groups.size()) {
                    throw malformed(where, "it does not end where its header says (trailer missing or wrong)");
                }
                in.readLong(); // the checksum, checked by verify
                if (in.read() != -1) {
                    throw malformed(where, "it has bytes after its checksum");
                }
                return header;
            } catch (EOFException e) {
                throw malformed(where, "it ends before its last key group");
            } catch (UTFDataFormatException e) {
                throw malformed(where, "a state or type name is not valid text");
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
            throw new CorruptSnapshotException(where + " has format version " + version + "; this Sluice reads only"
                    + " version " + SnapshotFormat.VERSION + (version > SnapshotFormat.VERSION
                    ? ": it was written by a newer Sluice; restore it with that Sluice, or " + FIX
                    : "; " + FIX));
        }
        int maxParallelism = in.readInt();
        int first = in.readInt();
        int last = in.readInt();
        if (maxParallelism <= 0 || first < 0 || last < first - 1 || last >= maxParallelism) {
            throw malformed(where, "an impossible header (key groups [" + first + ", " + last
                    + "] of max parallelism " + maxParallelism + ")");
        }
        if (maxParallelism != expectedMaxParallelism) {
            throw new CorruptSnapshotException(where + " was written with max parallelism " + maxParallelism
                    + ", but the job has " + expectedMaxParallelism + "; key groups cannot be mapped between the two");
        }
        TypeRecord keyType = TypeRecord.readFrom(in, where);
        int stateCount = in.readInt();
        if (stateCount < 0 || stateCount > SnapshotFormat.MAX_STATES) {
            throw malformed(where, "an impossible header (" + stateCount + " states)");
        }
        List<SnapshotHeader.StateInfo> states = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int s = 0; s < stateCount; s++) {
            String name = in.readUTF();
            int k = in.readUnsignedByte();
            if (k >= TableKind.values().length) {
                throw malformed(where, "state '" + name + "' is of an unknown kind " + k);
            }
            int ttl = in.readUnsignedByte();
            if (ttl > 1) {
                throw malformed(where, "state '" + name + "' has an impossible time-to-live flag " + ttl);
            }
            if (!names.add(name)) {
                throw malformed(where, "it names state '" + name + "' twice");
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
            String problem = TimerEntryLayout.problem(key, value, g);
            if (problem != null) {
                throw malformed(where, "key group " + g + ", timers '" + state.name() + "': " + problem);
            }
        }
        return EntryBytes.of(key, value);
    }

    private static byte[] bytes(DataInputStream in, String where, int g) throws IOException {
        int n = length(in, where, g);
        // read as the bytes arrive, never sized by a length that may be wrong
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    private static int length(DataInputStream in, String where, int g) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > SnapshotFormat.MAX_LENGTH) {
            throw malformed(where, "key group " + g + ": impossible length " + n);
        }
        return n;
    }
}
