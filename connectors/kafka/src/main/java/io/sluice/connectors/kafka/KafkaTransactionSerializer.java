package io.sluice.connectors.kafka;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes a {@link KafkaTransaction} into checkpoints: a version byte, the transactional id as
 * modified UTF-8, the producer id, the epoch and the protocol flag. Stateless.
 */
final class KafkaTransactionSerializer implements TypeSerializer<KafkaTransaction> {

    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    static final KafkaTransactionSerializer INSTANCE = new KafkaTransactionSerializer();

    private KafkaTransactionSerializer() {
    }

    @Override
    public void serialize(KafkaTransaction value, DataOutput out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(value.transactionalId());
        out.writeLong(value.producerId());
        out.writeShort(value.epoch());
        out.writeBoolean(value.transactionV2());
    }

    @Override
    public KafkaTransaction deserialize(DataInput in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("Kafka transaction stored in format version " + version + ", but this Sluice reads"
                    + " version " + VERSION + ": restore it with the Sluice version that wrote the checkpoint");
        }
        return new KafkaTransaction(in.readUTF(), in.readLong(), in.readShort(), in.readBoolean());
    }

    @Override
    public String typeName() {
        return "Kafka transaction (transactional id, producer id, epoch)";
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
