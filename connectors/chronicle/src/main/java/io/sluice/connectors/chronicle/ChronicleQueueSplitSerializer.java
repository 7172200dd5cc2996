package io.sluice.connectors.chronicle;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link ChronicleQueueSplit} with its position into snapshots: a version byte, then the fields. Stateless. */
final class ChronicleQueueSplitSerializer implements TypeSerializer<ChronicleQueueSplit> {

    private static final long serialVersionUID = 1L;
    static final byte VERSION = 1;

    @Override
    public void serialize(ChronicleQueueSplit split, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(split.directory());
        out.writeLong(split.position().scanFrom());
        out.writeLong(split.position().deliveredThrough());
        out.writeLong(split.position().partial());
        out.writeLong(split.limit());
    }

    @Override
    public ChronicleQueueSplit deserialize(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("Chronicle Queue split written with format version " + version + ", but this"
                    + " connector reads version " + VERSION + "; restore with the connector version that wrote it");
        }
        String directory = in.readUTF();
        long scanFrom = in.readLong();
        long deliveredThrough = in.readLong();
        long partial = in.readLong();
        long limit = in.readLong();
        try {
            return new ChronicleQueueSplit(directory, new QueuePosition(scanFrom, deliveredThrough, partial), limit);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt Chronicle Queue split in snapshot: " + e.getMessage(), e);
        }
    }

    @Override
    public String typeName() {
        return "ChronicleQueueSplit";
    }
}
