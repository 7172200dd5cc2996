package io.sluice.connectors.kafka.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node KRaft broker (Kafka 4.4) in a forked JVM, for tests and benchmarks; no Docker.
 * Called from one thread at a time (the test's or the benchmark's).
 *
 * <p>The broker runs {@code kafka.Kafka} from a class path that must hold {@code kafka_2.13} and its
 * dependencies: by default the calling JVM's own ({@code java.class.path}), which has them when the
 * caller depends on this module. {@link #start()} writes a {@code server.properties} with two free
 * ports of localhost, formats the storage ({@code kafka.tools.StorageTool}), starts the broker and
 * returns when {@code Admin.describeCluster} answers; {@link #close()} stops it with SIGTERM and
 * deletes its directory. A shutdown hook kills it should the calling JVM exit without closing it.
 * Transactions work on it (replication factors of 1) and it allows the two-phase-commit
 * transactions of KIP-939.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    /** The broker JVM's heap unless given: enough for tests, a few hundred MiB resident. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m");

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(15);

    private final Map<String, String> extraConfig;
    private final Map<String, String> features;
    private final List<String> jvmOptions;
    private final String classpath;
    private Path dir;
    private Process process;
    private String bootstrapServers;
    private Thread shutdownHook;
    private int launches;

    /** A broker with the default settings, heap and class path. */
    public LocalKafkaBroker() {
        this(Map.of());
    }

    /** A broker with these settings added to (or replacing) the defaults of its server.properties. */
    public LocalKafkaBroker(Map<String, String> extraConfig) {
        this(extraConfig, DEFAULT_JVM_OPTIONS, System.getProperty("java.class.path"));
    }

    /**
     * @param extraConfig settings added to (or replacing) the defaults of its server.properties
     * @param jvmOptions  options of the broker's JVM, such as its heap ({@link #DEFAULT_JVM_OPTIONS})
     * @param classpath   a class path holding {@code kafka_2.13} and its dependencies
     */
    public LocalKafkaBroker(Map<String, String> extraConfig, List<String> jvmOptions, String classpath) {
        this(extraConfig, Map.of(), jvmOptions, classpath);
    }

    /**
     * @param features feature levels the storage is formatted with (e.g. {@code transaction.version=1}
     *                 for the transaction protocol of Kafka 3.x brokers); empty for the defaults
     */
    public LocalKafkaBroker(Map<String, String> extraConfig, Map<String, String> features, List<String> jvmOptions,
                            String classpath) {
        this.extraConfig = Map.copyOf(extraConfig);
        this.features = Map.copyOf(features);
        this.jvmOptions = List.copyOf(jvmOptions);
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalArgumentException("the broker needs a class path holding kafka_2.13 and its dependencies");
        }
        this.classpath = classpath;
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
            p.store(out, "sluice local broker");
        }

        List<String> formatCommand = new ArrayList<>(List.of(java(), "-cp", classpath, "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"));
        features.forEach((feature, level) -> formatCommand.addAll(List.of("--feature", feature + "=" + level)));
        Process format = new ProcessBuilder(formatCommand)
                .redirectErrorStream(true).redirectOutput(dir.resolve("format.log").toFile()).start();
        if (!format.waitFor(START_DEADLINE.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting the broker's storage failed (is kafka_2.13 on the class"
                    + " path?): " + Files.readString(dir.resolve("format.log")));
        }
        launch();
    }

    /**
     * Kills the broker with SIGKILL, as a crash would: no controlled shutdown, nothing flushed by
     * the broker itself (what it wrote is in the page cache, so the data survives, as after a
     * process crash). Its directory and ports are kept for {@link #restart()}.
     */
    public void kill() throws Exception {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
        process.destroyForcibly();
        if (!process.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not die within " + STOP_DEADLINE + " of SIGKILL");
        }
        forgetProcess();
    }

    /**
     * Suspends the broker with SIGSTOP: it keeps its connections but answers nothing until
     * {@link #thaw()}, so a client's requests stay unacknowledged for as long as it is frozen. A
     * frozen broker can be {@link #kill() killed}.
     */
    public void freeze() throws Exception {
        signal("STOP");
    }

    /** Resumes a {@link #freeze() frozen} broker with SIGCONT. */
    public void thaw() throws Exception {
        signal("CONT");
    }

    private void signal(String name) throws Exception {
        if (process == null) {
            throw new IllegalStateException("the broker is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kill.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + output.strip());
        }
    }

    /**
     * Starts a {@link #kill() killed} broker again, on the same ports and data directory (its topics
     * and records are still there), and waits until it answers. A KRaft broker registers again only
     * once the controller has given up the killed one's session ({@code broker.session.timeout.ms},
     * 9 s by default): a caller that restarts the broker should shorten it.
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
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, "kafka.Kafka", config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "kafka-broker-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook); // never outlive the calling JVM
        try {
            awaitReady(log, Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1)));
        } catch (Exception | Error e) {
            close();
            throw e;
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

    private void awaitReady(Path log, int brokerPort) throws Exception {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        // First until the port is open, so that the admin client does not log a warning per attempt.
        while (!listening(brokerPort)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited with " + process.exitValue() + ": " + tail(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker did not listen on port " + brokerPort + " within "
                        + START_DEADLINE + ": " + tail(log));
            }
            Thread.sleep(50);
        }
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

    public String bootstrapServers() {
        if (bootstrapServers == null || process == null) {
            throw new IllegalStateException("the broker is not running: call start() first");
        }
        return bootstrapServers;
    }

    /** The broker process while it runs (its pid, for profiling), else null. */
    public ProcessHandle processHandle() {
        return process == null ? null : process.toHandle();
    }

    /** A new admin client of the broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Creates a topic with {@code partitions} partitions and waits until every partition takes writes. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            createTopics(admin, partitions, List.of(topic));
        }
    }

    /**
     * Creates topics of {@code partitions} partitions each (replication factor 1) on any cluster,
     * and waits until the leader of every partition answers. The controller acknowledges a new
     * topic before the broker leads its partitions; a producer that writes at once can get
     * NOT_LEADER_OR_FOLLOWER for its first batch, and an idempotent one was seen to retry the next
     * batches with OUT_OF_ORDER_SEQUENCE_NUMBER until they expired. Listing a partition's end offset
     * is answered by its leader only, so it succeeds (the admin client retries) once writes would.
     */
    public static void createTopics(Admin admin, int partitions, List<String> topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (String topic : topics) {
            newTopics.add(new NewTopic(topic, partitions, (short) 1));
            for (int p = 0; p < partitions; p++) {
                ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        admin.createTopics(newTopics).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // Until the broker knows the topics (asked first with describeTopics, which unlike
        // listOffsets does not log an error for a topic not known yet), then until it leads them.
        for (boolean described = false; ; ) {
            try {
                if (!described) {
                    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
                    described = true;
                }
                admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the partitions of " + topics + " have no leader after 30 s: "
                            + e.getCause(), e.getCause());
                }
                Thread.sleep(20);
            }
        }
    }

    /** Grows a topic to {@code partitions} partitions. */
    public void addPartitions(String topic, int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
