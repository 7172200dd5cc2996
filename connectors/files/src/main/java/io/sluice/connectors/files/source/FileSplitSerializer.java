package io.sluice.connectors.files.source;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a {@link FileSplit} into checkpoints: version 2 · path · start · end · offset · next line ·
 * finished. Reads version 1 too (path · offset · next line · finished, written before files were
 * cut into blocks), as a whole file.
 */
final class FileSplitSerializer implements TypeSerializer<FileSplit> {

    private static final long serialVersionUID = 1L;
    private static final int WHOLE_FILES_VERSION = 1;
    private static final int VERSION = 2;

    @Override
    public void serialize(FileSplit split, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(split.path());
        out.writeLong(split.start());
        out.writeLong(split.end());
        out.writeLong(split.offset());
        out.writeLong(split.nextLine());
        out.writeBoolean(split.finished());
    }

    @Override
    public FileSplit deserialize(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != VERSION && version != WHOLE_FILES_VERSION) {
            throw new IOException("file split of format version " + version + "; this Sluice reads versions "
                    + WHOLE_FILES_VERSION + " and " + VERSION);
        }
        String path = in.readUTF();
        try {
            return version == WHOLE_FILES_VERSION ? new FileSplit(path, in.readLong(), in.readLong(), in.readBoolean())
                    : new FileSplit(path, in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt file split: " + e.getMessage(), e);
        }
    }

    @Override
    public String typeName() {
        return "file split";
    }
}
