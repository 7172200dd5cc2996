package io.sluice.connectors.files.source;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes a {@link FileSplit} into checkpoints: version · path · offset · next line · finished. */
final class FileSplitSerializer implements TypeSerializer<FileSplit> {

    private static final int VERSION = 1;

    @Override
    public void serialize(FileSplit split, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(split.path());
        out.writeLong(split.offset());
        out.writeLong(split.nextLine());
        out.writeBoolean(split.finished());
    }

    @Override
    public FileSplit deserialize(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("file split of format version " + version + "; this Sluice reads " + VERSION);
        }
        return new FileSplit(in.readUTF(), in.readLong(), in.readLong(), in.readBoolean());
    }

    @Override
    public String typeName() {
        return "file split";
    }
}
