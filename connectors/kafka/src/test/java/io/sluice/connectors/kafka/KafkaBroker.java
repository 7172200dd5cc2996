package io.sluice.connectors.kafka;

import io.sluice.connectors.kafka.testing.LocalKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node KRaft broker in a forked JVM ({@link LocalKafkaBroker}), for tests: one per
 * test class. Use it as a JUnit 5 extension
 * ({@code @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();}) or call
 * {@link #start()} and {@link #close()} from {@code @BeforeAll} / {@code @AfterAll}. Adds the
 * helpers tests need to write and read topics.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private final LocalKafkaBroker broker;

    public KafkaBroker() {
        this(Map.of());
    }

    /** A broker with these settings added to (or replacing) the defaults of its server.properties. */
    public KafkaBroker(Map<String, String> extraConfig) {
        this(extraConfig, Map.of());
    }

    /**
     * A broker with these settings, whose storage is formatted with these feature levels (e.g.
     * {@code transaction.version=1} for the transaction protocol of Kafka 3.x brokers).
     */
    public KafkaBroker(Map<String, String> extraConfig, Map<String, String> features) {
        this.broker = new LocalKafkaBroker(extraConfig, features, LocalKafkaBroker.DEFAULT_JVM_OPTIONS,
                System.getProperty("java.class.path"));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    /** Formats the storage, starts the broker and waits until it answers. */
    public void start() throws Exception {
        broker.start();
    }

    /** Stops the broker (SIGTERM, then kill after a deadline) and deletes its directory. */
    @Override
    public void close() throws Exception {
        broker.close();
    }

    /** Kills the broker with SIGKILL, as a crash would; see {@link LocalKafkaBroker#kill()}. */
    public void kill() throws Exception {
        broker.kill();
    }

    /** Suspends the broker (SIGSTOP); see {@link LocalKafkaBroker#freeze()}. */
    public void freeze() throws Exception {
        broker.freeze();
    }

    /** Resumes a frozen broker (SIGCONT). */
    public void thaw() throws Exception {
        broker.thaw();
    }

    /** Starts a killed broker again on its ports and data; see {@link LocalKafkaBroker#restart()}. */
    public void restart() throws Exception {
        broker.restart();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Admin admin() {
        return broker.admin();
    }

    /** Creates a topic with {@code partitions} partitions and waits until it is there. */
    public void createTopic(String topic, int partitions) throws Exception {
        broker.createTopic(topic, partitions);
    }

    /** Grows a topic to {@code partitions} partitions. */
    public void addPartitions(String topic, int partitions) throws Exception {
        broker.addPartitions(topic, partitions);
    }

    /** A plain (non-transactional) producer of byte arrays. */
    public KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes {@code values} as UTF-8 to one partition of a topic, in order, and waits until all are acknowledged. */
    public void produce(String topic, int partition, List<String> values) throws Exception {
        produce(topic, partition, values, null);
    }

    /** As {@link #produce(String, int, List)}, with a record timestamp for every value (null: the producer's clock). */
    public void produce(String topic, int partition, List<String> values, List<Long> timestamps) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                sent.add(producer.send(new ProducerRecord<>(topic, partition,
                        timestamps == null ? null : timestamps.get(i), null,
                        v == null ? null : v.getBytes(StandardCharsets.UTF_8))));
            }
            for (var f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Writes raw bytes as one record (a bad record, say) to one partition. */
    public void produceBytes(String topic, int partition, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Every committed record of a topic as UTF-8 (a read_committed consumer, from the beginning to
     * the last stable offset of each partition when called), in partition order.
     */
    public List<String> readAllCommitted(String topic) throws Exception {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(topic, "read_committed")) {
            values.add(r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** Every record of a topic (up to the end offsets for this isolation level when called). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolationLevel) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).sorted(Comparator.comparingInt(
                            TopicPartition::partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " did not reach the end offsets " + end
                            + " in 60 s (a transaction left open?)");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    polled.add(r);
                }
            }
            for (TopicPartition tp : partitions) {
                polled.stream().filter(r -> r.partition() == tp.partition()).forEach(records::add);
            }
        }
        return records;
    }
}
