package io.sluice.connectors.kafka;

import io.sluice.api.connector.SourceSplit;
import io.sluice.api.serialization.TypeSerializer;
import org.apache.kafka.common.TopicPartition;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One partition of a topic and the offset of the next record to read from it. Its id is
 * {@code <topic>-<partition>}, Kafka's own way of naming a partition.
 *
 * @param nextOffset the offset of the next record to read, or {@link #EARLIEST} for the first
 *                   record the partition still holds (a partition discovered while the job runs)
 * @param stopOffset the offset at which reading ends (a bounded source), or {@link #UNBOUNDED}
 */
public record KafkaPartitionSplit(String topic, int partition, long nextOffset, long stopOffset) implements SourceSplit {

    /** A {@link #nextOffset} meaning the earliest offset the partition holds when the reader starts it. */
    public static final long EARLIEST = -2;
    /** A {@link #stopOffset} meaning the partition is read for as long as the job runs. */
    public static final long UNBOUNDED = Long.MAX_VALUE;

    public KafkaPartitionSplit {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("a split needs a topic");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition " + partition + " of topic " + topic + " is negative");
        }
        if (nextOffset < 0 && nextOffset != EARLIEST) {
            throw new IllegalArgumentException("offset " + nextOffset + " of " + topic + "-" + partition
                    + " is neither an offset nor EARLIEST");
        }
    }

    public static String splitId(String topic, int partition) {
        return topic + "-" + partition;
    }

    @Override
    public String splitId() {
        return splitId(topic, partition);
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    public boolean bounded() {
        return stopOffset != UNBOUNDED;
    }

    /** A bounded split whose position reached its stop offset. */
    public boolean finished() {
        return bounded() && nextOffset != EARLIEST && nextOffset >= stopOffset;
    }

    public KafkaPartitionSplit withNextOffset(long offset) {
        return new KafkaPartitionSplit(topic, partition, offset, stopOffset);
    }

    /** Writes a split as topic, partition, next offset, stop offset. */
    static final class Serializer implements TypeSerializer<KafkaPartitionSplit> {
        private static final long serialVersionUID = 1L;
        private static final int VERSION = 1;

        @Override
        public void serialize(KafkaPartitionSplit value, DataOutput out) throws IOException {
            out.writeByte(VERSION);
            out.writeUTF(value.topic());
            out.writeInt(value.partition());
            out.writeLong(value.nextOffset());
            out.writeLong(value.stopOffset());
        }

        @Override
        public KafkaPartitionSplit deserialize(DataInput in) throws IOException {
            int version = in.readByte();
            if (version != VERSION) {
                throw new IOException("Kafka split written in format version " + version + "; this version reads "
                        + VERSION);
            }
            return new KafkaPartitionSplit(in.readUTF(), in.readInt(), in.readLong(), in.readLong());
        }

        @Override
        public String typeName() {
            return "Kafka partition split";
        }
    }
}
