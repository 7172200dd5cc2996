package io.sluice.benchmarks.connectors;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads a benchmark's output topic on a thread of its own, from the beginning, until every
 * expected record has arrived: checks that each arrives once ({@link #duplicates()} counts repeats,
 * which at least once allows) and was transformed once, notes when the first and the last one
 * arrived, and records each measured record's latency, from the intended send time it carries to
 * the poll that returned it, in an HdrHistogram.
 *
 * <p>Its fields are written by the reader thread and read by the caller after {@link #await}
 * (which joins the thread: the join orders them); {@link #lastArrivalNs()} and the counters are
 * only meaningful then.
 */
final class KafkaOutputReader implements Runnable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(50);

    private final String topic;
    private final long expected;
    private final long measureFromNs;
    private final Map<String, Object> config = new HashMap<>();
    private final BitSet seen;
    private final Histogram latencyNs = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    /** Set by the caller to give up; read by the reader thread every poll: volatile. */
    private volatile boolean stopped;
    private volatile Throwable failure;

    private long distinct;
    private long duplicates;
    private long firstArrivalNs;
    private long lastArrivalNs;
    private String error;

    /**
     * @param measureFromNs records due at or after this {@link System#nanoTime()} go into the
     *                      latency histogram; {@code Long.MAX_VALUE} for none (a pre-filled input,
     *                      whose records carry no send time)
     */
    KafkaOutputReader(String bootstrapServers, String topic, long expected, String isolationLevel, long measureFromNs) {
        this.topic = topic;
        this.expected = expected;
        this.measureFromNs = measureFromNs;
        this.seen = new BitSet((int) Math.min(Integer.MAX_VALUE, expected));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "output-reader-" + topic);
        this.thread = new Thread(this, "output-reader");
        thread.setDaemon(true);
    }

    /** Starts reading and returns once the consumer stands at the start of every partition. */
    void start() throws InterruptedException {
        thread.start();
        if (!positioned.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the output reader of " + topic + " did not start in 30 s");
        }
        if (failure != null) {
            throw new IllegalStateException("the output reader of " + topic + " failed: " + failure, failure);
        }
    }

    /** Waits until every expected record has arrived, or until the deadline; true if all did. */
    boolean await(long deadlineNs) throws InterruptedException {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
        if (thread.isAlive()) {
            stopped = true;
            thread.join(10_000);
        }
        if (failure != null) {
            throw new IllegalStateException("the output reader of " + topic + " failed: " + failure, failure);
        }
        return distinct == expected;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            for (TopicPartition tp : partitions) {
                consumer.position(tp, Duration.ofSeconds(30)); // resolve the start now, not in the timed part
            }
            positioned.countDown();
            while (distinct < expected && !stopped) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime(); // once per poll: the records of one poll arrived together
                if (firstArrivalNs == 0) {
                    firstArrivalNs = now;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    check(r.value(), now);
                }
                lastArrivalNs = now;
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            positioned.countDown();
        }
    }

    private void check(byte[] value, long now) {
        long sequence = KafkaRecords.sequence(value);
        if (sequence < 0 || sequence >= expected) {
            fail("record with sequence " + sequence + " is outside 0.." + (expected - 1));
            return;
        }
        if (!KafkaRecords.transformedOnce(value)) {
            fail("record " + sequence + " was not transformed exactly once (last byte " + value[value.length - 1]
                    + ")");
        }
        if (seen.get((int) sequence)) {
            duplicates++;
            return;
        }
        seen.set((int) sequence);
        distinct++;
        long due = KafkaRecords.dueNs(value);
        if (due >= measureFromNs) {
            latencyNs.recordValue(Math.min(latencyNs.getHighestTrackableValue(), Math.max(1, now - due)));
        }
    }

    private void fail(String message) {
        if (error == null) {
            error = message;
        }
    }

    /** Records that arrived, each counted once. */
    long distinct() {
        return distinct;
    }

    /** Records that arrived again after their first arrival. */
    long duplicates() {
        return duplicates;
    }

    /** The first record that was wrong (out of range, not transformed once), or null. */
    String error() {
        return error;
    }

    /** When the first poll with records returned ({@link System#nanoTime()}), 0 if none did. */
    long firstArrivalNs() {
        return firstArrivalNs;
    }

    /** When the last poll with records returned. */
    long lastArrivalNs() {
        return lastArrivalNs;
    }

    /** From intended send time to read, in nanoseconds, of the measured records. */
    Histogram latencyNs() {
        return latencyNs;
    }

    /** A description of what is missing, for a failed run. */
    String missing() {
        int firstMissing = seen.nextClearBit(0);
        return (expected - distinct) + " of " + expected + " records did not arrive in " + topic
                + (firstMissing < expected ? " (the first is " + firstMissing + ")" : "");
    }
}
