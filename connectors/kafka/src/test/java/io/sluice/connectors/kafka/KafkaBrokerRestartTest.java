package io.sluice.connectors.kafka;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.time.WatermarkStrategy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The broker dies under a running job and comes back: KafkaSource → map → KafkaSink (at least
 * once) with checkpoints, while a producer feeds the input topic. The broker is killed with SIGKILL
 * and restarted on the same ports and data; the output must then hold every input value, with
 * repeats only where a restart replayed from a checkpoint.
 */
class KafkaBrokerRestartTest {

    /**
     * A restarted KRaft broker cannot register again until the controller has given up the session of
     * the one that was killed ({@code broker.session.timeout.ms}, 9 s by default): shortened so that
     * the broker is back 3-6 s after its restart rather than 12-15 s.
     */
    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker(Map.of("broker.session.timeout.ms", "2000",
            "broker.heartbeat.interval.ms", "500"));

    private static final int PARTITIONS = 2;
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** Values fed, at RATE per second: about 5 s of input, so the outage falls into the middle of it. */
    private static final int COUNT = 15_000;
    private static final int RATE = 3_000;
    /** How long the broker stays down when nothing else decides it. */
    private static final Duration OUTAGE = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void shouldFailTheSinkAfterItsDeliveryTimeoutAndRestartFromTheCheckpointWhenTheBrokerIsDown() throws Exception {
        Map<String, String> shortTimeouts = Map.of(
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000",
                ProducerConfig.LINGER_MS_CONFIG, "0");
        long restarts = runThroughBrokerCrash("timeout", shortTimeouts, job -> {
            await("the sink to fail and the job to restart while the broker is down",
                    () -> job.checkpointMetrics().restarts() > 0);
        });
        assertThat(restarts).as("restarts").isPositive();
    }

    @Test
    void shouldRideOutAnOutageShorterThanTheDeliveryTimeoutWithoutARestart() throws Exception {
        long restarts = runThroughBrokerCrash("short", Map.of(), job -> {
            long until = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < until) { // the outage itself: watch the job while the broker is down
                assertThat(job.status()).as("job status while the broker is down").isEqualTo(JobStatus.RUNNING);
                TimeUnit.MILLISECONDS.sleep(50);
            }
        });
        assertThat(restarts).as("restarts: the producer retried until the broker was back").isZero();
    }

    /**
     * Runs the job over topics {@code <name>-in} and {@code <name>-out} with these sink properties
     * while the feeder writes, kills the broker once a checkpoint is complete and part of the output
     * is there, runs {@code whileDown}, restarts the broker and waits for every value in the
     * output; then checks the output. Returns the job's restarts.
     */
    private long runThroughBrokerCrash(String name, Map<String, String> sinkProperties, WhileDown whileDown)
            throws Exception {
        String in = name + "-in";
        String out = name + "-out";
        BROKER.createTopic(in, PARTITIONS);
        BROKER.createTopic(out, PARTITIONS);

        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARTITIONS);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(200))
                .set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 100)
                .set(RestartOptions.DELAY, Duration.ofMillis(500));
        PendingSends.reset(out);
        KafkaSink.Builder<Long> sink = KafkaSink.builder(BROKER.bootstrapServers(), (Long v, long ts) ->
                new ProducerRecord<>(out, (int) (v % PARTITIONS), null, Long.toString(v).getBytes(StandardCharsets.UTF_8)));
        sinkProperties.forEach(sink::property);
        sink.property(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, PendingSends.class.getName());
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics(in).build(),
                        WatermarkStrategy.noWatermarks(), "in").uid("in")
                .map(Long::parseLong).uid("parse")
                .sinkTo(sink.build()).uid("out");

        JobClient job = env.executeAsync("broker-restart-" + name);
        try (Feeder feeder = new Feeder(in, COUNT, RATE); TopicTail tail = new TopicTail(out)) {
            await("a complete checkpoint and a third of the records in the output", () ->
                    job.checkpointMetrics().completed() > 0 && tail.distinct() > COUNT / 3);

            long killedAtNs = System.nanoTime();
            int pendingAtKill = killWithSinkSendsPending(out);
            int outAtKill = tail.distinct();
            whileDown.run(job);
            long downMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNs);
            BROKER.restart();
            long restartedAtNs = System.nanoTime();

            await("every input value in the output", () -> feeder.done() && tail.distinct() == COUNT);
            long catchUpMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAtNs);
            assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
            job.cancel();
            assertThat(job.await(DEADLINE).status()).isEqualTo(JobStatus.CANCELED);
            feeder.check();
            System.out.printf("%s: broker killed with %d of %d values out and %d sends of the sink pending, down %d ms,"
                    + " answering again after %d ms; every value out %d ms later%n", name, outAtKill, COUNT,
                    pendingAtKill, downMs, TimeUnit.NANOSECONDS.toMillis(restartedAtNs - killedAtNs), catchUpMs);
        } finally {
            if (!job.status().isTerminal()) { // a failed wait must not leave the job's fetchers to the next test
                job.cancel();
                job.await(DEADLINE);
            }
        }
        long restarts = job.checkpointMetrics().restarts();
        checkAtLeastOnceWithReplaysOnly(out, restarts);
        return restarts;
    }

    /**
     * Kills the broker at a moment when the sink has sends it has not had acknowledged, so that
     * they meet the outage: without one, a sink whose source cannot fetch either would get nothing
     * to time out on. The broker is frozen first (SIGSTOP), so that nothing pending can be
     * acknowledged between the count and the kill; if nothing is pending, it is thawed and tried
     * again a little later. Returns the sends pending at the kill.
     */
    private static int killWithSinkSendsPending(String topic) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            BROKER.freeze();
            // answers already on their way when the broker stopped still reach the producer
            TimeUnit.MILLISECONDS.sleep(100);
            int pending = PendingSends.of(topic);
            if (pending > 0) {
                BROKER.kill();
                return pending;
            }
            BROKER.thaw();
            if (System.nanoTime() > deadline) {
                fail("waited " + DEADLINE.toSeconds() + " s for the sink to have a send pending on " + topic);
            }
            TimeUnit.MILLISECONDS.sleep(20); // let more records reach the sink before freezing again
        }
    }

    /**
     * Counts, per topic, the records a producer has sent and not yet had acknowledged or failed:
     * installed in the job's sink as a Kafka producer interceptor.
     */
    public static final class PendingSends implements ProducerInterceptor<byte[], byte[]> {
        private static final Map<String, AtomicInteger> PENDING = new ConcurrentHashMap<>();

        static void reset(String topic) {
            PENDING.put(topic, new AtomicInteger());
        }

        static int of(String topic) {
            return PENDING.get(topic).get();
        }

        @Override
        public ProducerRecord<byte[], byte[]> onSend(ProducerRecord<byte[], byte[]> record) {
            PENDING.get(record.topic()).incrementAndGet();
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            PENDING.get(metadata.topic()).decrementAndGet(); // on failure too: the topic is still given
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    private interface WhileDown {
        void run(JobClient job) throws Exception;
    }

    /**
     * Every value 0..count-1 is in "out"; nothing else is. Value v went from input partition v %
     * PARTITIONS to the same output partition, so in that partition the values of one source
     * subtask come in offset order: increasing by PARTITIONS, except where a restart replayed from
     * a checkpoint and the sequence steps back (never forward over a value: that would be a loss).
     */
    private static void checkAtLeastOnceWithReplaysOnly(String topic, long restarts) throws Exception {
        int count = COUNT;
        List<ConsumerRecord<byte[], byte[]>> records = BROKER.readAll(topic, "read_uncommitted");
        BitSet seen = new BitSet(count);
        int duplicates = 0;
        int rewinds = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            long next = p; // the value expected next in partition p if nothing was replayed
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.partition() != p) {
                    continue;
                }
                long v = Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(v).as("value at offset %d of partition %d", r.offset(), p).isBetween(0L, count - 1L);
                assertThat(v % PARTITIONS).as("partition of value %d", v).isEqualTo(p);
                assertThat(v).as("value at offset %d of partition %d: %d was expected, a value skipped over"
                        + " would be lost", r.offset(), p, next).isLessThanOrEqualTo(next);
                if (v < next) {
                    rewinds++; // a replay from a checkpoint starts here
                }
                if (seen.get((int) v)) {
                    duplicates++;
                }
                seen.set((int) v);
                next = v + PARTITIONS;
            }
        }
        assertThat(seen.cardinality()).as("distinct values out").isEqualTo(count);
        assertThat(records).hasSize(count + duplicates);
        if (restarts == 0) {
            assertThat(duplicates).as("no restart, no replay: the idempotent producer writes each record once")
                    .isZero();
        }
        assertThat(rewinds).as("replays: at most one per partition and restart").isLessThanOrEqualTo(
                (int) (restarts * PARTITIONS));
        System.out.printf("%d records out for %d values: %d duplicates in %d replays after %d restarts%n",
                records.size(), count, duplicates, rewinds, restarts);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + DEADLINE.toSeconds() + " s for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(10); // polling a condition with a deadline
        }
    }

    /**
     * Writes the values 0..count-1 to a topic, value v to partition v % PARTITIONS, at a steady rate,
     * on a thread of its own. Its producer keeps the default delivery timeout (2 minutes), so its
     * records wait out a broker outage of a few seconds in its buffer.
     */
    private static final class Feeder implements AutoCloseable {
        private final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicInteger acknowledged = new AtomicInteger();
        private final int count;

        Feeder(String topic, int count, int perSecond) {
            this.count = count;
            this.thread = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    long start = System.nanoTime();
                    for (int v = 0; v < count; v++) {
                        long due = start + TimeUnit.SECONDS.toNanos(v) / perSecond;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait); // pacing the input, not waiting for a condition
                        }
                        producer.send(new ProducerRecord<>(topic, v % PARTITIONS, null,
                                Integer.toString(v).getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acknowledged.incrementAndGet();
                            }
                        });
                    }
                    producer.flush();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            }, "feeder");
            thread.setDaemon(true);
            thread.start();
        }

        boolean done() {
            return done.getCount() == 0;
        }

        /** Every value was acknowledged by the broker. */
        void check() {
            assertThat(failure.get()).as("the feeder's failure").isNull();
            assertThat(acknowledged.get()).as("input records acknowledged").isEqualTo(count);
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Follows a topic on a thread of its own, counting records and distinct values as they come. */
    private static final class TopicTail implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private final BitSet seen = new BitSet();
        private volatile int count;
        private volatile int distinct;
        private volatile boolean running = true;

        TopicTail(String topic) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread = new Thread(this::run, "tail-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        seen.set(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8)));
                        count++; // one writer: this thread
                    }
                    distinct = seen.cardinality();
                }
            } catch (WakeupException closing) {
                // close() woke the poll
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        int count() {
            return count;
        }

        int distinct() {
            return distinct;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
