package io.sluice.benchmarks.connectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limit: input topic → map → output topic as plain kafka-clients loops, one thread per
 * "subtask", each with one consumer (assigned every {@code parallelism}-th partition, as the Sluice
 * source deals them) polling and one producer sending. Consumer and producer are configured as the
 * Sluice connectors configure theirs: {@code read_committed}, no auto commit; {@code acks=all},
 * idempotence on, the client's defaults otherwise (and the same extra properties, if any).
 *
 * <p>It does the durable work the Sluice job does at each checkpoint, every {@code commitIntervalMs}:
 * at least once, a {@code flush()} (wait for every acknowledgement, as the Sluice sink does at each
 * barrier); exactly once, a commit of the transaction that holds the interval's records (a
 * transactional producer per loop; consumed offsets are not part of it: the loop is never restarted,
 * and the Sluice job keeps its offsets in its checkpoints, not in Kafka).
 */
final class KafkaPlainLoop implements KafkaPipelineThroughput.Pipeline {

    private final String bootstrapServers;
    private final String in;
    private final String out;
    private final int partitions;
    private final int parallelism;
    private final boolean exactlyOnce;
    private final long commitIntervalNs;
    private final boolean bounded;
    private final List<Thread> threads = new ArrayList<>();
    /** Set by the caller to stop unbounded loops; read by the loops every poll: volatile. */
    private volatile boolean running = true;
    /** The first failure of any loop (or of a send), kept for the caller: volatile. */
    private volatile Throwable failure;
    /** Transactions committed (or flushes done), per loop: each loop writes its own, read once they ended. */
    private final long[] commits;

    private final Map<String, String> consumerProperties;
    private final Map<String, String> producerProperties;

    KafkaPlainLoop(String bootstrapServers, String in, String out, int partitions, int parallelism,
                   boolean exactlyOnce, long commitIntervalMs, boolean bounded, Map<String, String> consumerProperties,
                   Map<String, String> producerProperties) {
        this.consumerProperties = consumerProperties;
        this.producerProperties = producerProperties;
        this.bootstrapServers = bootstrapServers;
        this.in = in;
        this.out = out;
        this.partitions = partitions;
        this.parallelism = parallelism;
        this.exactlyOnce = exactlyOnce;
        this.commitIntervalNs = commitIntervalMs * 1_000_000L;
        this.bounded = bounded;
        this.commits = new long[parallelism];
    }

    @Override
    public void start() {
        for (int i = 0; i < parallelism; i++) {
            int subtask = i;
            Thread t = new Thread(() -> {
                try {
                    loop(subtask);
                } catch (Throwable e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }, "limit-loop-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(int subtask) throws Exception {
        List<TopicPartition> assigned = new ArrayList<>();
        for (int p = subtask; p < partitions; p += parallelism) {
            assigned.add(new TopicPartition(in, p));
        }
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "limit-consumer-" + subtask);
        consumerConfig.putAll(consumerProperties);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "limit-producer-" + subtask);
        producerConfig.putAll(producerProperties);
        if (exactlyOnce) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "limit-" + out + "-" + subtask);
        }
        SendCallback callback = new SendCallback();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            Map<TopicPartition, Long> end = bounded ? consumer.endOffsets(assigned) : Map.of();
            if (exactlyOnce) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            long nextCommit = System.nanoTime() + commitIntervalNs;
            while (running && !(bounded && reached(consumer, end))) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, null, r.timestamp(), null,
                            KafkaRecords.transform(r.value())), callback);
                }
                callback.check();
                if (System.nanoTime() >= nextCommit) {
                    commit(producer, subtask);
                    nextCommit = System.nanoTime() + commitIntervalNs;
                }
            }
            commit(producer, subtask);
            callback.check();
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void commit(KafkaProducer<byte[], byte[]> producer, int subtask) {
        if (exactlyOnce) {
            producer.commitTransaction();
            producer.beginTransaction();
        } else {
            producer.flush();
        }
        commits[subtask]++;
    }

    @Override
    public void awaitEnd(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not end within " + timeout);
            }
        }
        if (failure != null) {
            throw new IllegalStateException("the plain loop failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }

    @Override
    public String stats() {
        long total = 0;
        for (long c : commits) {
            total += c;
        }
        return "\"" + (exactlyOnce ? "transactions" : "flushes") + "\":" + total;
    }

    /** One per loop: keeps the first failed send. Called on the producer's I/O thread. */
    private static final class SendCallback implements Callback {
        /** Written by the producer's I/O thread, read by the loop: volatile. */
        private volatile Exception failure;

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null && failure == null) {
                failure = exception;
            }
        }

        void check() {
            Exception e = failure;
            if (e != null) {
                throw new IllegalStateException("a send of the plain loop failed: " + e, e);
            }
        }
    }
}
