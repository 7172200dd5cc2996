package io.sluice.connectors.files;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a {@link FileCommittable} into checkpoints as two {@link DataOutput#writeUTF modified
 * UTF-8 strings}: the pending file name, then the final file name. Stateless.
 */
final class FileCommittableSerializer implements TypeSerializer<FileCommittable> {

    private static final long serialVersionUID = 1L;

    static final FileCommittableSerializer INSTANCE = new FileCommittableSerializer();

    private FileCommittableSerializer() {
    }

    @Override
    public void serialize(FileCommittable value, DataOutput out) throws IOException {
        out.writeUTF(value.pendingFile());
        out.writeUTF(value.finalFile());
    }

    @Override
    public FileCommittable deserialize(DataInput in) throws IOException {
        String pending = in.readUTF();
        String finalFile = in.readUTF();
        try {
            return new FileCommittable(pending, finalFile);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt file sink committable: " + e.getMessage(), e);
        }
    }

    @Override
    public String typeName() {
        return "file sink committable (pending file, final file)";
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
