package io.sluice.connectors.chronicle;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Writes an {@link EpochCommittable} into checkpoints: a version byte, the writer id (modified UTF-8), the epoch. Stateless. */
final class EpochCommittableSerializer implements TypeSerializer<EpochCommittable> {

    private static final long serialVersionUID = 1L;
    private static final byte VERSION = 1;

    static final EpochCommittableSerializer INSTANCE = new EpochCommittableSerializer();

    private EpochCommittableSerializer() {
    }

    @Override
    public void serialize(EpochCommittable value, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(value.writerId());
        out.writeLong(value.epoch());
    }

    @Override
    public EpochCommittable deserialize(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("Chronicle sink committable written with format version " + version + ", but this"
                    + " connector reads version " + VERSION + "; restore with the connector version that wrote it");
        }
        String writerId = in.readUTF();
        long epoch = in.readLong();
        try {
            return new EpochCommittable(writerId, epoch);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt Chronicle sink committable: " + e.getMessage(), e);
        }
    }

    @Override
    public String typeName() {
        return "Chronicle sink committable (writer id, epoch)";
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
