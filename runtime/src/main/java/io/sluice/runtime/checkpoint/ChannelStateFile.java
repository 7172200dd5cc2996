package io.sluice.runtime.checkpoint;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The in-flight records of an unaligned checkpoint: what one task had in its input channels ahead
 * of the barrier, replayed before anything else when the task is restored. Records are serialized
 * when captured (operators may change objects in place afterwards), each with its class, by the
 * serializer {@link Serializers#of} finds for the class.
 *
 * <p>Format, version 2 (big-endian): magic "SLCS" · version · record count · per record: the
 * input it reaches (a byte: 0, or 1 for the second input of a two-input task) · class index (a new
 * class is introduced by index -1 and its name) · timestamp · length · bytes · then CRC32C of
 * everything before it. Version 1, without the input byte (every record reaches input 0), is read
 * too.
 */
public final class ChannelStateFile {

    static final int MAGIC = 0x534C4353; // "SLCS"
    static final int VERSION = 2;
    static final int VERSION_ONE_INPUT = 1;

    private ChannelStateFile() {
    }

    /** One in-flight record and the input of the task it goes to ({@code 0}, or {@code 1} for a second input). */
    public record Record(Object value, long timestamp, int input) {

        public Record(Object value, long timestamp) {
            this(value, timestamp, 0);
        }
    }

    /** Collects records as they are captured, on the task's thread. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final ByteArrayOutputStream record = new ByteArrayOutputStream();
        private final DataOutputStream recordOut = new DataOutputStream(record);
        private final Map<Class<?>, Integer> classes = new HashMap<>();
        private final List<TypeSerializer<Object>> serializers = new ArrayList<>();
        private int count;

        public void add(Object value, long timestamp) throws IOException {
            add(value, timestamp, 0);
        }

        /** @param input the task's input the record goes to: 0, or 1 for the second input of a two-input task */
        @SuppressWarnings("unchecked")
        public void add(Object value, long timestamp, int input) throws IOException {
            out.writeByte(input);
            Class<?> type = value.getClass();
            Integer index = classes.get(type);
            if (index == null) {
                index = serializers.size();
                classes.put(type, index);
                serializers.add((TypeSerializer<Object>) Serializers.of(type));
                out.writeInt(-1);
                out.writeUTF(type.getName());
            } else {
                out.writeInt(index);
            }
            record.reset();
            serializers.get(index).serialize(value, recordOut);
            recordOut.flush();
            out.writeLong(timestamp);
            out.writeInt(record.size());
            record.writeTo(out);
            count++;
        }

        public int count() {
            return count;
        }

        /** The file's bytes. */
        public byte[] toBytes() throws IOException {
            out.flush();
            ByteArrayOutputStream file = new ByteArrayOutputStream(bytes.size() + 24);
            DataOutputStream f = new DataOutputStream(file);
            f.writeInt(MAGIC);
            f.writeInt(VERSION);
            f.writeInt(count);
            bytes.writeTo(f);
            f.flush();
            CRC32C crc = new CRC32C();
            crc.update(file.toByteArray());
            f.writeLong(crc.getValue());
            f.flush();
            return file.toByteArray();
        }
    }

    /**
     * Reads every record of {@code file}, classes loaded with {@code loader}.
     *
     * @throws CorruptCheckpointException naming the file and what is wrong
     */
    public static List<Record> read(Path file, ClassLoader loader) throws IOException {
        return read(Files.readAllBytes(file), "in-flight data file " + file, loader);
    }

    /** Reads every record of a file's bytes ({@link Writer#toBytes}); {@code where} names them in errors. */
    @SuppressWarnings("unchecked")
    public static List<Record> read(byte[] all, String where, ClassLoader loader) throws IOException {
        if (all.length < 12 + Long.BYTES) {
            throw new CorruptCheckpointException(where + " is truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - Long.BYTES);
        if (crc.getValue() != ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).getLong()) {
            throw new CorruptCheckpointException(where + ": checksum mismatch (the file is corrupt or truncated)");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - Long.BYTES))) {
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != MAGIC || (version != VERSION && version != VERSION_ONE_INPUT)) {
                throw new CorruptCheckpointException(where + " is not a Sluice in-flight data file of version "
                        + VERSION_ONE_INPUT + " or " + VERSION);
            }
            int count = in.readInt();
            List<TypeSerializer<Object>> serializers = new ArrayList<>();
            List<Record> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int input = version == VERSION_ONE_INPUT ? 0 : in.readByte();
                if (input != 0 && input != 1) {
                    throw new CorruptCheckpointException(where + ": record " + i + " names input " + input);
                }
                int index = in.readInt();
                if (index == -1) {
                    String name = in.readUTF();
                    try {
                        serializers.add((TypeSerializer<Object>) Serializers.of(Class.forName(name, false, loader)));
                    } catch (ClassNotFoundException e) {
                        throw new CorruptCheckpointException(where + " holds records of class " + name
                                + ", which the job does not have", e);
                    }
                    index = serializers.size() - 1;
                } else if (index < 0 || index >= serializers.size()) {
                    throw new CorruptCheckpointException(where + ": record " + i + " names an unknown class");
                }
                long timestamp = in.readLong();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                records.add(new Record(StateItems.read(serializers.get(index), bytes, "an in-flight record"), timestamp,
                        input));
            }
            return records;
        } catch (EOFException e) {
            throw new CorruptCheckpointException(where + " ends too early", e);
        }
    }
}
