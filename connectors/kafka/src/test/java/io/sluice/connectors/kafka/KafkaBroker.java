package io.sluice.connectors.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker in a forked JVM, for tests: one per test class. Use it as a
 * JUnit 5 extension ({@code @RegisterExtension static final KafkaBroker BROKER = new KafkaBroker();})
 * or call {@link #start()} and {@link #close()} from {@code @BeforeAll} / {@code @AfterAll}.
 *
 * <p>The broker's classpath is the test JVM's ({@code kafka_2.13} is a test dependency). It listens
 * on two free ports of localhost, is ready when {@code Admin.describeCluster} answers, and is stopped
 * with SIGTERM; its directory is deleted. For failure tests it can be {@link #kill() killed} (SIGKILL)
 * and {@link #restart() restarted} on the same ports and data. Transactions work on it (replication
 * factors of 1) and it allows the two-phase-commit transactions of KIP-939.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);

    private final Map<String, String> extraConfig;
    private final Map<String, String> features;
    private Path dir;
    private Process process;
    private String bootstrapServers;
    private Thread shutdownHook;
    /** How many times the broker's process was launched: each launch logs to a file of its own. */
    private int launches;

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
        this.extraConfig = Map.copyOf(extraConfig);
        this.features = Map.copyOf(features);
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
        if (process != null) {
            throw new IllegalStateException("the broker is already running at " + bootstrapServers);
        }
        dir = Files.createTempDirectory("sluice-kafka-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        bootstrapServers = "localhost:" + brokerPort;
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("transaction.two.phase.commit.enable", "true");
        p.setProperty("auto.create.topics.enable", "false");
        extraConfig.forEach(p::setProperty);
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "sluice test broker");
        }

        List<String> formatCommand = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--standalone"));
        features.forEach((feature, level) -> formatCommand.addAll(List.of("--feature", feature + "=" + level)));
        Process format = new ProcessBuilder(formatCommand)
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed: "
                    + Files.readString(dir.resolve("format.log")));
        }
        launch();
    }

    /**
     * Kills the broker with SIGKILL, as a crash would: no controlled shutdown, nothing flushed by
     * the broker itself (what it wrote is in the page cache, so the data survives, as after a
     * process crash). Its directory and ports are kept for {@link #restart()}.
     */
    public void kill() throws Exception {
        requireRunning();
        process.destroyForcibly();
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not die within " + STOP_DEADLINE + " of SIGKILL");
        }
        forgetProcess();
    }

    /**
     * Starts a {@link #kill() killed} broker again, on the same ports and data directory (its topics
     * and records are still there), and waits until it answers. A KRaft broker registers again only
     * once the controller has given up the killed one's session ({@code broker.session.timeout.ms},
     * 9 s by default): a test that restarts the broker should shorten it.
     */
    public void restart() throws Exception {
        if (process != null) {
            throw new IllegalStateException("the broker is running at " + bootstrapServers + "; kill it first");
        }
        if (dir == null) {
            throw new IllegalStateException("the broker was never started: call start()");
        }
        launch();
    }

    private void launch() throws Exception {
        Path config = dir.resolve("server.properties");
        Path log = dir.resolve("broker-" + (launches++) + ".log");
        process = new ProcessBuilder(java(), "-Xms256m", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "kafka.Kafka", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "kafka-broker-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook); // never outlive the test JVM
        try {
            awaitReady(log);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void requireRunning() {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
    }

    private void forgetProcess() {
        process = null;
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        shutdownHook = null;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady(Path log) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the broker exited with " + process.exitValue() + ": "
                            + tail(log));
                }
                try {
                    admin.describeCluster().clusterId().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | java.util.concurrent.TimeoutException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the broker did not answer within " + START_DEADLINE
                                + ": " + tail(log), notYet);
                    }
                }
            }
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** Stops the broker (SIGTERM, then kill after a deadline) and deletes its directory. */
    @Override
    public void close() throws Exception {
        if (process != null) {
            process.destroy(); // SIGTERM: a controlled shutdown
            if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            forgetProcess();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            dir = null;
        }
    }

    /** Where clients connect; stays the same across {@link #kill()} and {@link #restart()}. */
    public String bootstrapServers() {
        if (bootstrapServers == null || dir == null) {
            throw new IllegalStateException("the broker is not running: call start() or register it as an extension");
        }
        return bootstrapServers;
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates a topic with {@code partitions} partitions and waits until it is there. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Grows a topic to {@code partitions} partitions. */
    public void addPartitions(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                    .get(30, TimeUnit.SECONDS);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
