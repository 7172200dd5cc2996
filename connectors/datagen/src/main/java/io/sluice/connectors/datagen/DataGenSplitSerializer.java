package io.sluice.connectors.datagen;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link DataGenSplit} with its position into snapshots: a version byte, then the fields. Stateless. */
public final class DataGenSplitSerializer implements TypeSerializer<DataGenSplit> {

    private static final long serialVersionUID = 1L;

    /** The layout written by this class; a snapshot with another version is refused. */
    static final byte VERSION = 1;

    @Override
    public void serialize(DataGenSplit split, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(split.number());
        out.writeInt(split.stride());
        out.writeLong(split.next());
        out.writeLong(split.end());
    }

    @Override
    public DataGenSplit deserialize(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("datagen split written with format version " + version + ", but this"
                    + " connector reads version " + VERSION + "; restore with the connector version that wrote"
                    + " the snapshot");
        }
        int number = in.readInt();
        int stride = in.readInt();
        long next = in.readLong();
        long end = in.readLong();
        try {
            return new DataGenSplit(number, stride, next, end);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt datagen split in snapshot: " + e.getMessage(), e);
        }
    }

    @Override
    public String typeName() {
        return "DataGenSplit";
    }
}
