package io.sluice.runtime.checkpoint;

import io.sluice.state.KeyGroupRange;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The {@code _metadata} file of a checkpoint: which operators and subtasks it holds, where their
 * keyed state files are and how large, and their operator state inline. It is written last, to a
 * temporary file that is forced to disk and then renamed into place, so a checkpoint directory
 * either has complete metadata or none: a crash can never leave one that looks complete but is not.
 *
 * <p>Format, version 2 (big-endian): magic "SLCP" · version · checkpoint id · savepoint flag ·
 * timestamp · max parallelism · size · lineage id (UTF) · job-finished flag · transactions flag ·
 * operator count · per operator: id (UTF) · parallelism · subtask count · per subtask: index ·
 * keyed flag [· first key group · last key group · file name (UTF) · file size] · item count ·
 * items (length, bytes) · in-flight flag [· file name · file size] · finished flag · then CRC32C of
 * everything before it. Version 1 lacks the lineage, the three flags and the finished flag; it is
 * still read (as a checkpoint of a job that had not finished, with a new lineage).
 * File names are relative to the directory, so a savepoint can be moved as a whole.
 */
public final class CheckpointMetadata {

    public static final String FILE_NAME = "_metadata";
    static final int MAGIC = 0x534C4350; // "SLCP"
    static final int VERSION = 2;
    private static final int OLDEST_READABLE = 1;

    private CheckpointMetadata() {
    }

    /** Writes the metadata of {@code checkpoint} into its directory atomically and durably. */
    public static void write(CompletedCheckpoint checkpoint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(checkpoint.id());
        out.writeBoolean(checkpoint.savepoint());
        out.writeLong(checkpoint.timestampMs());
        out.writeInt(checkpoint.maxParallelism());
        out.writeLong(checkpoint.sizeBytes());
        out.writeUTF(checkpoint.lineageId());
        out.writeBoolean(checkpoint.jobFinished());
        out.writeBoolean(checkpoint.transactions());
        out.writeInt(checkpoint.operators().size());
        for (CompletedCheckpoint.OperatorState op : checkpoint.operators().values()) {
            out.writeUTF(op.operatorId());
            out.writeInt(op.parallelism());
            out.writeInt(op.subtasks().size());
            for (OperatorSubtaskState s : op.subtasks()) {
                out.writeInt(s.subtask());
                out.writeBoolean(s.keyedFile() != null);
                if (s.keyedFile() != null) {
                    out.writeInt(s.keyGroups().start());
                    out.writeInt(s.keyGroups().end());
                    out.writeUTF(s.keyedFile());
                    out.writeLong(s.keyedFileBytes());
                }
                out.writeInt(s.items().size());
                for (byte[] item : s.items()) {
                    out.writeInt(item.length);
                    out.write(item);
                }
                out.writeBoolean(s.channelFile() != null);
                if (s.channelFile() != null) {
                    out.writeUTF(s.channelFile());
                    out.writeLong(s.channelFileBytes());
                }
                out.writeBoolean(s.finished());
            }
        }
        out.flush();
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        out.flush();
        Path dir = checkpoint.directory();
        Path tmp = dir.resolve(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        Durability.forceDirectory(dir);
    }

    /**
     * Reads and checks the metadata in {@code dir}, and that every state file it names is there
     * with its recorded size.
     *
     * @throws CorruptCheckpointException naming the directory and what is wrong
     */
    public static CompletedCheckpoint read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptCheckpointException(dir + " is not a complete checkpoint: it has no " + FILE_NAME
                    + " file (the checkpoint was still being written, or this is not a checkpoint directory)");
        }
        String where = "checkpoint metadata " + file;
        if (all.length < Long.BYTES + 8) {
            throw new CorruptCheckpointException(where + " is truncated (" + all.length + " bytes)");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - Long.BYTES);
        if (crc.getValue() != ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).getLong()) {
            throw new CorruptCheckpointException(where + ": checksum mismatch (the file is corrupt or truncated)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0,
                all.length - Long.BYTES))) {
            if (in.readInt() != MAGIC) {
                throw new CorruptCheckpointException(where + " is not Sluice checkpoint metadata (wrong magic number)");
            }
            int version = in.readInt();
            if (version < OLDEST_READABLE || version > VERSION) {
                throw new CorruptCheckpointException(where + " has format version " + version + "; this Sluice reads "
                        + "versions " + OLDEST_READABLE + " to " + VERSION + " (a checkpoint of a newer Sluice?)");
            }
            long id = in.readLong();
            boolean savepoint = in.readBoolean();
            long timestamp = in.readLong();
            int maxParallelism = in.readInt();
            long size = in.readLong();
            String lineage = version >= 2 ? in.readUTF() : Lineage.create();
            boolean jobFinished = version >= 2 && in.readBoolean();
            boolean transactions = version < 2 || in.readBoolean(); // unknown in version 1: assume so
            int operators = in.readInt();
            Map<String, CompletedCheckpoint.OperatorState> ops = new LinkedHashMap<>();
            for (int o = 0; o < operators; o++) {
                String opId = in.readUTF();
                int parallelism = in.readInt();
                int subtasks = in.readInt();
                List<OperatorSubtaskState> states = new ArrayList<>();
                for (int s = 0; s < subtasks; s++) {
                    int index = in.readInt();
                    KeyGroupRange range = null;
                    String keyed = null;
                    long keyedBytes = 0;
                    if (in.readBoolean()) {
                        range = new KeyGroupRange(in.readInt(), in.readInt());
                        keyed = in.readUTF();
                        keyedBytes = in.readLong();
                        checkStateFile(dir, keyed, keyedBytes, opId, index);
                    }
                    int n = in.readInt();
                    List<byte[]> items = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        byte[] item = new byte[in.readInt()];
                        in.readFully(item);
                        items.add(item);
                    }
                    String channel = null;
                    long channelBytes = 0;
                    if (in.readBoolean()) {
                        channel = in.readUTF();
                        channelBytes = in.readLong();
                        checkStateFile(dir, channel, channelBytes, opId, index);
                    }
                    boolean finished = version >= 2 && in.readBoolean();
                    states.add(new OperatorSubtaskState(opId, index, parallelism, range, keyed, keyedBytes, items, channel,
                            channelBytes, finished));
                }
                ops.put(opId, new CompletedCheckpoint.OperatorState(opId, parallelism, states));
            }
            return new CompletedCheckpoint(id, savepoint, timestamp, maxParallelism, dir, ops, size, lineage, jobFinished,
                    transactions);
        } catch (EOFException e) {
            throw new CorruptCheckpointException(where + " ends too early", e);
        }
    }

    private static void checkStateFile(Path dir, String name, long bytes, String operatorId, int subtask)
            throws CorruptCheckpointException {
        Path f = dir.resolve(name);
        if (!f.normalize().startsWith(dir.normalize())) {
            throw new CorruptCheckpointException("checkpoint " + dir + " names a state file outside of it: " + name);
        }
        long actual;
        try {
            actual = Files.size(f);
        } catch (IOException e) {
            throw new CorruptCheckpointException("checkpoint " + dir + " is missing the state file " + name
                    + " of operator '" + operatorId + "' subtask " + subtask);
        }
        if (actual != bytes) {
            throw new CorruptCheckpointException("checkpoint " + dir + ": state file " + name + " of operator '"
                    + operatorId + "' subtask " + subtask + " has " + actual + " bytes, the checkpoint recorded "
                    + bytes + " (truncated or replaced)");
        }
    }
}
