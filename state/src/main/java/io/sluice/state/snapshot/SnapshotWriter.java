package io.sluice.state.snapshot;

import io.sluice.state.KeyGroupRange;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * Writes one snapshot file ({@link SnapshotFormat}): the header when opened, then every key group
 * of the header's range in order, each framed by {@link #beginKeyGroup} and {@link #endKeyGroup},
 * then the trailer on {@link #finish}, which ends with the checksum of every byte before it. The
 * caller writes each state's entries in header order and sorted by key. Any one thread; a writer
 * is used once.
 */
public final class SnapshotWriter implements Closeable {

    private final CRC32C crc = new CRC32C();
    private final OutputStream raw;
    /** Checksummed: every byte of the file but the checksum itself. */
    private final DataOutputStream out;
    /** Not checksummed: the checksum, last. */
    private final DataOutputStream plain;
    private final KeyGroupRange keyGroups;
    private final int stateCount;
    private int nextKeyGroup;
    private boolean inKeyGroup;

    private SnapshotWriter(Path file, SnapshotHeader header) throws IOException {
        this.raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        this.out = new DataOutputStream(new CheckedOutputStream(raw, crc));
        this.plain = new DataOutputStream(raw);
        this.keyGroups = header.keyGroups();
        this.stateCount = header.states().size();
        this.nextKeyGroup = keyGroups.start();
    }

    /** Creates (or replaces) {@code file} and writes the header. */
    public static SnapshotWriter create(Path file, SnapshotHeader header) throws IOException {
        SnapshotWriter w = new SnapshotWriter(file, header);
        try {
            w.writeHeader(header);
        } catch (IOException | RuntimeException e) {
            w.close();
            throw e;
        }
        return w;
    }

    private void writeHeader(SnapshotHeader header) throws IOException {
        if (stateCount > SnapshotFormat.MAX_STATES) {
            throw new IllegalStateException(stateCount + " states exceed the " + SnapshotFormat.MAX_STATES
                    + " a snapshot holds");
        }
        out.writeInt(SnapshotFormat.MAGIC);
        out.writeInt(SnapshotFormat.VERSION);
        out.writeInt(header.maxParallelism());
        out.writeInt(keyGroups.start());
        out.writeInt(keyGroups.end());
        header.keyType().writeTo(out);
        out.writeInt(stateCount);
        String previous = null;
        for (SnapshotHeader.StateInfo s : header.states()) {
            // Invariant: states sorted by name, each once, so the file depends on the content only.
            if (previous != null && previous.compareTo(s.name()) >= 0) {
                throw new IllegalArgumentException("snapshot states must be sorted by name and unique: '"
                        + previous + "' before '" + s.name() + "'");
            }
            previous = s.name();
            out.writeUTF(s.name());
            out.writeByte(s.kind().ordinal());
            out.writeByte(s.timeToLive() ? 1 : 0);
            s.valueType().writeTo(out);
            s.mapKeyType().writeTo(out);
        }
    }

    /** Starts the block of {@code keyGroup}, the next one of the range. */
    public void beginKeyGroup(int keyGroup) throws IOException {
        if (inKeyGroup || keyGroup != nextKeyGroup || keyGroup > keyGroups.end()) {
            throw new IllegalStateException("key group " + keyGroup + " written out of order; expected "
                    + nextKeyGroup + " of " + keyGroups);
        }
        inKeyGroup = true;
        out.writeInt(keyGroup);
    }

    /** The number of entries of the next state (or of the map whose entries follow). */
    public void writeCount(int count) throws IOException {
        out.writeInt(count);
    }

    /** A length and {@code length} bytes of {@code bytes}. */
    public void writeBytes(byte[] bytes, int length) throws IOException {
        out.writeInt(length);
        out.write(bytes, 0, length);
    }

    /** One entry: its key, then its value or its map's entry count and entries. */
    public void writeEntry(EntryBytes entry) throws IOException {
        writeBytes(entry.key(), entry.key().length);
        if (entry.mapEntries() != null) {
            writeCount(entry.mapSize());
            for (byte[] b : entry.mapEntries()) {
                writeBytes(b, b.length);
            }
        } else {
            writeBytes(entry.value(), entry.value().length);
        }
    }

    /** Ends the current key group's block. */
    public void endKeyGroup() throws IOException {
        if (!inKeyGroup) {
            throw new IllegalStateException("no key group was begun");
        }
        inKeyGroup = false;
        nextKeyGroup++;
    }

    /** Writes the trailer and the file's checksum, once every key group of the range is written, and flushes. */
    public void finish() throws IOException {
        if (inKeyGroup || nextKeyGroup != keyGroups.end() + 1) {
            throw new IllegalStateException("snapshot finished after key group " + (nextKeyGroup - 1)
                    + " of " + keyGroups);
        }
        out.writeInt(SnapshotFormat.END_MAGIC);
        out.writeInt(keyGroups.size());
        plain.writeLong(crc.getValue());
        plain.flush();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
