package io.sluice.connectors.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetcher thread on its own: a reader that falls behind pauses it, and nothing is lost or repeated. */
class KafkaFetcherTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @Test
    void shouldPauseWhenTheHandoverIsFullAndDeliverEveryRecordOnceInOrderAfterwards() throws Exception {
        BROKER.createTopic("slow-reader", 1);
        List<String> values = IntStream.range(0, 1000).mapToObj(i -> "v" + i).toList();
        BROKER.produce("slow-reader", 0, values);
        KafkaFetcher fetcher = new KafkaFetcher(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                "fetcher-test", 2);
        fetcher.start();
        try {
            fetcher.assign(List.of(new KafkaPartitionSplit("slow-reader", 0, 100, KafkaPartitionSplit.UNBOUNDED)));
            Await.until("the fetcher paused with a full handover", fetcher::paused);
            assertThat(fetcher.handedOver()).as("batches held for the reader: the handover's capacity").isEqualTo(2);

            List<String> read = new ArrayList<>();
            long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
            while (read.size() < 900 && System.nanoTime() < deadline) {
                Object next = fetcher.poll();
                if (next instanceof KafkaFetcher.Batch batch) {
                    for (ConsumerRecord<byte[], byte[]> r : batch.records()) {
                        read.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                } else {
                    Thread.onSpinWait(); // the fetcher is polling Kafka: wait for its next batch
                }
            }
            assertThat(fetcher.failure()).isNull();
            assertThat(read).as("from offset 100 to the end, each once, in order").isEqualTo(values.subList(100, 1000));
            Await.until("the fetcher resumed once the reader caught up", () -> !fetcher.paused());
        } finally {
            fetcher.close(Duration.ofSeconds(10));
        }
    }
}
