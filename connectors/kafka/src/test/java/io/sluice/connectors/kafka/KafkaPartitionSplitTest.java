package io.sluice.connectors.kafka;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Splits without a broker: their snapshot format and their owners. */
class KafkaPartitionSplitTest {

    @Test
    void shouldReadBackWhatItWrites() throws Exception {
        KafkaPartitionSplit.Serializer serializer = new KafkaPartitionSplit.Serializer();
        for (KafkaPartitionSplit split : new KafkaPartitionSplit[] {
                new KafkaPartitionSplit("orders-eu", 7, 1234, KafkaPartitionSplit.UNBOUNDED),
                new KafkaPartitionSplit("t", 0, KafkaPartitionSplit.EARLIEST, 99)}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            serializer.serialize(split, new DataOutputStream(bytes));
            assertThat(serializer.deserialize(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                    .isEqualTo(split);
        }
    }

    @Test
    void shouldGiveATopicsPartitionsToConsecutiveSubtasksWhateverDashesItsNameHas() {
        KafkaSource<String> source = KafkaSource.builder("localhost:9092", r -> "").topics("a-b-c").build();
        int first = source.splitOwner("a-b-c-0", 4);
        assertThat(IntStream.range(0, 8).map(p -> source.splitOwner(KafkaPartitionSplit.splitId("a-b-c", p), 4)))
                .containsExactly(first, (first + 1) % 4, (first + 2) % 4, (first + 3) % 4,
                        first, (first + 1) % 4, (first + 2) % 4, (first + 3) % 4);
    }

    @Test
    void shouldKnowWhenABoundedSplitIsFinished() {
        assertThat(new KafkaPartitionSplit("t", 0, 5, 5).finished()).isTrue();
        assertThat(new KafkaPartitionSplit("t", 0, 4, 5).finished()).isFalse();
        assertThat(new KafkaPartitionSplit("t", 0, KafkaPartitionSplit.EARLIEST, 0).finished())
                .as("the earliest offset is known only to the consumer").isFalse();
        assertThat(new KafkaPartitionSplit("t", 0, 5, KafkaPartitionSplit.UNBOUNDED).finished()).isFalse();
    }
}
