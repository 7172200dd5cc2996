package io.sluice.connectors.kafka;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.serialization.TypeSerializer;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Reads Kafka topics: one split per partition (id {@code <topic>-<partition>}, position the offset
 * of the next record), each subtask reading its partitions with a consumer on a fetcher thread of
 * its own. Offsets live in the job's checkpoints; they are committed back to the consumer group (if
 * {@code group.id} is set) when a checkpoint completes, for monitoring only.
 *
 * <p>Unbounded by default: partitions added to the topics, and topics matching a pattern, are found
 * every {@link Builder#partitionDiscoveryInterval discovery interval} while the job runs and read
 * from their earliest offset. {@link Builder#bounded() Bounded}: reads up to the end each partition
 * had when the job started, then ends (no discovery).
 *
 * <pre>{@code
 * KafkaSource<String> orders = KafkaSource.builder("localhost:9092", RecordDeserializer.utf8())
 *         .topics("orders")
 *         .startingOffsets(StartingOffsets.committed(StartingOffsets.earliest()))
 *         .property("group.id", "order-job")
 *         .badRecordPolicy(BadRecordPolicy.DEAD_LETTER)
 *         .build();
 * }</pre>
 */
public final class KafkaSource<T> implements Source<T, KafkaPartitionSplit> {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final RecordDeserializer<T> deserializer;
    private final List<String> topics;
    private final String topicPattern;
    private final StartingOffsets startingOffsets;
    private final boolean bounded;
    private final Duration discoveryInterval;
    private final BadRecordPolicy badRecordPolicy;
    private final HashMap<String, String> properties;
    private final int handoverBatches;

    private KafkaSource(Builder<T> b) {
        this.bootstrapServers = b.bootstrapServers;
        this.deserializer = b.deserializer;
        this.topics = List.copyOf(b.topics);
        this.topicPattern = b.topicPattern == null ? null : b.topicPattern.pattern();
        this.startingOffsets = b.startingOffsets;
        this.bounded = b.bounded;
        this.discoveryInterval = b.discoveryInterval;
        this.badRecordPolicy = b.badRecordPolicy;
        this.properties = new HashMap<>(b.properties);
        this.handoverBatches = b.handoverBatches;
    }

    /** A source reading from the cluster at {@code bootstrapServers}, turning records into elements with {@code deserializer}. */
    public static <T> Builder<T> builder(String bootstrapServers, RecordDeserializer<T> deserializer) {
        return new Builder<>(bootstrapServers, deserializer);
    }

    @Override
    public Boundedness boundedness() {
        return bounded ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
    }

    /** Every partition there is now, from the configured starting offsets (and to the end now, if bounded). */
    @Override
    public List<KafkaPartitionSplit> createSplits(int parallelism) throws Exception {
        try (PartitionLister lister = lister()) {
            List<TopicPartition> partitions = lister.partitions(topics, pattern());
            Map<TopicPartition, Long> start = lister.startOffsets(partitions, startingOffsets, groupId());
            Map<TopicPartition, Long> stop = bounded ? lister.endOffsets(partitions) : Map.of();
            List<KafkaPartitionSplit> splits = new ArrayList<>(partitions.size());
            for (TopicPartition tp : partitions) {
                splits.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), start.get(tp),
                        bounded ? stop.get(tp) : KafkaPartitionSplit.UNBOUNDED));
            }
            return splits;
        }
    }

    @Override
    public Duration splitDiscoveryInterval() {
        return bounded ? null : discoveryInterval;
    }

    /** Every partition there is now; those not yet known are read from their earliest offset. */
    @Override
    public List<KafkaPartitionSplit> discoverSplits() throws Exception {
        if (bounded) {
            return List.of();
        }
        try (PartitionLister lister = lister()) {
            List<KafkaPartitionSplit> splits = new ArrayList<>();
            for (TopicPartition tp : lister.partitions(topics, pattern())) {
                splits.add(new KafkaPartitionSplit(tp.topic(), tp.partition(), KafkaPartitionSplit.EARLIEST,
                        KafkaPartitionSplit.UNBOUNDED));
            }
            return splits;
        }
    }

    /**
     * Spreads a topic's partitions over consecutive subtasks from a start that depends on the
     * topic's name, so that several topics do not all start at subtask 0.
     */
    @Override
    public int splitOwner(String splitId, int parallelism) {
        int dash = splitId.lastIndexOf('-');
        String topic = splitId.substring(0, dash);
        int partition = Integer.parseInt(splitId.substring(dash + 1));
        return ownerOf(topic, partition, parallelism);
    }

    static int ownerOf(String topic, int partition, int parallelism) {
        int start = Math.floorMod(topic.hashCode() * 31, parallelism);
        return Math.floorMod(start + partition, parallelism);
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) {
        return new KafkaSourceReader<>(this, context.subtaskIndex());
    }

    @Override
    public TypeSerializer<KafkaPartitionSplit> splitSerializer() {
        return new KafkaPartitionSplit.Serializer();
    }

    // ---- for the reader ------------------------------------------------------------------------

    RecordDeserializer<T> deserializer() {
        return deserializer;
    }

    BadRecordPolicy badRecordPolicy() {
        return badRecordPolicy;
    }

    boolean bounded() {
        return bounded;
    }

    int handoverBatches() {
        return handoverBatches;
    }

    String groupId() {
        return properties.get(ConsumerConfig.GROUP_ID_CONFIG);
    }

    /** For messages: "Kafka source of topics [orders]". */
    String description() {
        return "Kafka source of " + (topicPattern != null ? "topics matching '" + topicPattern + "'" : "topics " + topics);
    }

    private Pattern pattern() {
        return topicPattern == null ? null : Pattern.compile(topicPattern);
    }

    private IsolationLevel isolation() {
        return IsolationLevel.valueOf(properties.getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .toUpperCase(Locale.ROOT));
    }

    private PartitionLister lister() {
        Map<String, Object> config = new HashMap<>();
        properties.forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                config.put(k, v); // security and client settings apply to the admin client too
            }
        });
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new PartitionLister(config, isolation());
    }

    Map<String, Object> consumerConfig(String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.putAll(properties);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // offsets live in checkpoints
        return config;
    }

    /** Builds a {@link KafkaSource}. */
    public static final class Builder<T> {
        private final String bootstrapServers;
        private final RecordDeserializer<T> deserializer;
        private final List<String> topics = new ArrayList<>();
        private Pattern topicPattern;
        private StartingOffsets startingOffsets = StartingOffsets.earliest();
        private boolean bounded;
        private Duration discoveryInterval = Duration.ofSeconds(10);
        private BadRecordPolicy badRecordPolicy = BadRecordPolicy.FAIL;
        private final Map<String, String> properties = new HashMap<>();
        private int handoverBatches = 16;

        private Builder(String bootstrapServers, RecordDeserializer<T> deserializer) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("a Kafka source needs the bootstrap servers, e.g. \"localhost:9092\"");
            }
            this.bootstrapServers = bootstrapServers;
            this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
        }

        /** Reads these topics (they must exist when the job starts). */
        public Builder<T> topics(String... names) {
            return topics(List.of(names));
        }

        public Builder<T> topics(List<String> names) {
            if (topicPattern != null) {
                throw new IllegalStateException("the source already reads topics matching '" + topicPattern
                        + "'; give topics by list or by pattern, not both");
            }
            for (String name : names) {
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("a topic name is empty in " + names);
                }
                topics.add(name);
            }
            return this;
        }

        /** Reads every topic whose whole name matches {@code pattern}, including topics created while the job runs. */
        public Builder<T> topicPattern(Pattern pattern) {
            if (!topics.isEmpty()) {
                throw new IllegalStateException("the source already reads topics " + topics
                        + "; give topics by list or by pattern, not both");
            }
            this.topicPattern = Objects.requireNonNull(pattern, "pattern");
            return this;
        }

        /** Where a job started fresh begins reading; {@link StartingOffsets#earliest()} by default. */
        public Builder<T> startingOffsets(StartingOffsets offsets) {
            this.startingOffsets = Objects.requireNonNull(offsets, "offsets");
            return this;
        }

        /**
         * Reads up to the end every partition has when the job starts, and then ends. A bounded
         * source discovers no partitions.
         */
        public Builder<T> bounded() {
            this.bounded = true;
            return this;
        }

        /** How often an unbounded source looks for new partitions and topics; 10 s by default. */
        public Builder<T> partitionDiscoveryInterval(Duration interval) {
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("partition discovery interval " + interval
                        + " must be positive; use a long one to look rarely");
            }
            this.discoveryInterval = interval;
            return this;
        }

        /** What to do with a record the deserializer refuses; {@link BadRecordPolicy#FAIL} by default. */
        public Builder<T> badRecordPolicy(BadRecordPolicy policy) {
            this.badRecordPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * A consumer property (also given to the admin client when it is one of its settings):
         * {@code group.id}, security settings, {@code max.poll.records}, {@code isolation.level}
         * ({@code read_committed} by default) and so on. {@code enable.auto.commit} is always off:
         * offsets live in checkpoints.
         */
        public Builder<T> property(String key, String value) {
            if (ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG.equals(key)) {
                throw new IllegalArgumentException("give the bootstrap servers to KafkaSource.builder, not as a property");
            }
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value of " + key));
            return this;
        }

        public Builder<T> properties(Properties props) {
            props.stringPropertyNames().forEach(k -> property(k, props.getProperty(k)));
            return this;
        }

        /**
         * How many polled batches (each up to {@code max.poll.records} records of one partition)
         * a reader's fetcher may hold ahead of the reader; 16 by default. When they are all taken
         * the fetcher pauses its partitions.
         */
        public Builder<T> handoverBatches(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("handover batches " + batches + " must be at least 1");
            }
            this.handoverBatches = batches;
            return this;
        }

        public KafkaSource<T> build() {
            if (topics.isEmpty() && topicPattern == null) {
                throw new IllegalStateException("the Kafka source reads no topic: call topics(...) or topicPattern(...)");
            }
            if (startingOffsets instanceof StartingOffsets.Committed && !properties.containsKey(ConsumerConfig.GROUP_ID_CONFIG)) {
                throw new IllegalStateException("starting from the committed offsets needs a consumer group: set"
                        + " property(\"group.id\", ...)");
            }
            String isolation = properties.getOrDefault(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            if (!isolation.equals("read_committed") && !isolation.equals("read_uncommitted")) {
                throw new IllegalArgumentException("isolation.level '" + isolation
                        + "' is neither read_committed nor read_uncommitted");
            }
            return new KafkaSource<>(this);
        }
    }
}
