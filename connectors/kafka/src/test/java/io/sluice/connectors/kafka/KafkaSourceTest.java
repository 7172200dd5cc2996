package io.sluice.connectors.kafka;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.DeadLetter;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TimeWindow;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.CollectSink;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.sluice.connectors.kafka.KafkaPartitionSplit.EARLIEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The source against a real broker, under the runtime. */
class KafkaSourceTest {

    @RegisterExtension
    static final KafkaBroker BROKER = new KafkaBroker();

    @TempDir
    Path dir;

    private static List<String> values(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static RecordDeserializer<Long> longs() {
        return record -> Long.parseLong(new String(record.value(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryRecordOfEveryPartitionOnceWhenBounded() throws Exception {
        BROKER.createTopic("bounded", 3);
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            BROKER.produce("bounded", p, values("p" + p + "-", 0, 1000));
            expected.addAll(values("p" + p + "-", 0, 1000));
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics("bounded")
                        .bounded().property("max.poll.records", "50").handoverBatches(1).build(),
                WatermarkStrategy.noWatermarks(), "kafka").sinkTo(sink);

        assertThat(env.executeAsync("bounded").await(Await.DEADLINE).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
        for (int p = 0; p < 3; p++) {
            String prefix = "p" + p + "-";
            assertThat(sink.values().stream().filter(v -> v.startsWith(prefix)).toList())
                    .as("partition %d in offset order", p).isEqualTo(values(prefix, 0, 1000));
        }
    }

    @Test
    void shouldReadPartitionsAndTopicsAddedWhileTheJobRuns() throws Exception {
        BROKER.createTopic("grow-a", 1);
        BROKER.produce("grow-a", 0, values("a0-", 0, 100));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        KafkaSource<String> source = KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8())
                .topicPattern(Pattern.compile("grow-.*")).partitionDiscoveryInterval(Duration.ofMillis(100)).build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka").sinkTo(sink);
        JobClient job = env.executeAsync("discovery");
        try {
            Await.until("the first partition read", () -> sink.size() >= 100);
            BROKER.addPartitions("grow-a", 2);
            BROKER.produce("grow-a", 1, values("a1-", 0, 100));
            BROKER.createTopic("grow-b", 1);
            BROKER.produce("grow-b", 0, values("b0-", 0, 100));
            Await.until("the added partition and topic read", () -> sink.size() >= 300);
        } finally {
            job.cancel();
            job.await(Await.DEADLINE);
        }
        List<String> expected = new ArrayList<>(values("a0-", 0, 100));
        expected.addAll(values("a1-", 0, 100));
        expected.addAll(values("b0-", 0, 100));
        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldResolveEachStartingPositionWhenTheJobStarts() throws Exception {
        BROKER.createTopic("starts", 2);
        BROKER.produce("starts", 0, values("", 0, 10), IntStream.range(0, 10).mapToObj(i -> 1000L + i).toList());
        BROKER.produce("starts", 1, values("", 0, 5), IntStream.range(0, 5).mapToObj(i -> 2000L + i).toList());
        try (Admin admin = BROKER.admin()) {
            admin.alterConsumerGroupOffsets("starts-group", Map.of(new TopicPartition("starts", 0),
                    new OffsetAndMetadata(4))).all().get(30, TimeUnit.SECONDS);
        }

        assertThat(starts(StartingOffsets.earliest(), false)).containsExactly(EARLIEST, EARLIEST);
        assertThat(starts(StartingOffsets.latest(), false)).containsExactly(10L, 5L);
        assertThat(starts(StartingOffsets.timestamp(1005), false)).containsExactly(5L, 0L);
        assertThat(starts(StartingOffsets.timestamp(2003), false)).as("no record that late in partition 0: its end")
                .containsExactly(10L, 3L);
        assertThat(starts(StartingOffsets.committed(StartingOffsets.earliest()), true)).containsExactly(4L, EARLIEST);
        assertThat(starts(StartingOffsets.committed(StartingOffsets.latest()), true)).containsExactly(4L, 5L);
        assertThat(starts(StartingOffsets.offsets(Map.of(new TopicPartition("starts", 1), 2L),
                StartingOffsets.latest()), false)).containsExactly(10L, 2L);
        List<KafkaPartitionSplit> bounded = KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8())
                .topics("starts").bounded().build().createSplits(1);
        assertThat(bounded).extracting(KafkaPartitionSplit::splitId, KafkaPartitionSplit::stopOffset)
                .containsExactly(tuple("starts-0", 10L), tuple("starts-1", 5L));

        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics("starts")
                .startingOffsets(StartingOffsets.timestamp(1007)).bounded().build(), WatermarkStrategy.noWatermarks(),
                "kafka").sinkTo(sink);
        assertThat(env.executeAsync("from-time").await(Await.DEADLINE).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(sink.values()).containsExactlyInAnyOrder("7", "8", "9", "0", "1", "2", "3", "4");
        assertThat(sink.timestamps()).containsExactlyInAnyOrder(1007L, 1008L, 1009L, 2000L, 2001L, 2002L, 2003L, 2004L);
    }

    private static List<Long> starts(StartingOffsets start, boolean group) throws Exception {
        KafkaSource.Builder<String> b = KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8())
                .topics("starts").startingOffsets(start);
        if (group) {
            b.property("group.id", "starts-group");
        }
        return b.build().createSplits(2).stream().map(KafkaPartitionSplit::nextOffset).toList();
    }

    @Test
    void shouldReadOnExactlyOnceFromACheckpointAndCommitItsOffsetsToTheGroup() throws Exception {
        BROKER.createTopic("restore", 2);
        List<String> expected = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            BROKER.produce("restore", p, values("p" + p + "-", 0, 500));
            expected.addAll(values("p" + p + "-", 0, 500));
        }
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        JobClient job = startCheckpointed(first, 2, "");
        Path checkpoint;
        try {
            checkpoint = checkpointUntil(job, first, 1000);
        } finally {
            job.cancel();
            job.await(Await.DEADLINE);
        }
        try (Admin admin = BROKER.admin()) {
            Await.until("the checkpoint's offsets committed to the group", () -> groupOffsets(admin).equals(
                    Map.of(new TopicPartition("restore", 0), 500L, new TopicPartition("restore", 1), 500L)));
        }

        for (int p = 0; p < 2; p++) {
            BROKER.produce("restore", p, values("p" + p + "-", 500, 800));
            expected.addAll(values("p" + p + "-", 500, 800));
        }
        TransactionalCollectSink second = new TransactionalCollectSink(store);
        JobClient restored = startCheckpointed(second, 3, checkpoint.toString());
        try {
            checkpointUntil(restored, second, 1600);
        } finally {
            restored.cancel();
            restored.await(Await.DEADLINE);
        }
        assertThat(second.committed()).as("every record committed once over both runs")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private JobClient startCheckpointed(TransactionalCollectSink sink, int parallelism, String restoreFrom)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.toString())
                .set(CheckpointingOptions.RESTORE_FROM, restoreFrom);
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics("restore")
                        .property("group.id", "restore-group").build(), WatermarkStrategy.noWatermarks(), "kafka")
                .uid("kafka").sinkTo(sink).uid("sink");
        return env.executeAsync("restore");
    }

    /** Takes checkpoints until the sink committed at least {@code count} records; the last one's path. */
    private static Path checkpointUntil(JobClient job, TransactionalCollectSink sink, int count) throws Exception {
        long deadline = System.nanoTime() + Await.DEADLINE.toNanos();
        Path last;
        do {
            assertThat(System.nanoTime()).as("%d records committed in time (have %d)", count, sink.committed().size())
                    .isLessThan(deadline);
            last = job.triggerCheckpoint().get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } while (sink.committed().size() < count);
        return last;
    }

    private static Map<TopicPartition, Long> groupOffsets(Admin admin) {
        try {
            Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
            admin.listConsumerGroupOffsets("restore-group").partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
                    .forEach((tp, om) -> offsets.put(tp, om.offset()));
            return offsets;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldApplyEachBadRecordPolicy() throws Exception {
        BROKER.createTopic("bad", 1);
        BROKER.produce("bad", 0, List.of("1", "2", "x", "4"));

        StreamEnvironment failing = StreamEnvironment.create().setParallelism(1);
        failing.fromSource(badSource(BadRecordPolicy.FAIL), WatermarkStrategy.noWatermarks(), "kafka")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> failing.execute("fail")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("cannot read the record at position 2 of topic bad, partition 0")
                .hasMessageContaining("For input string: \"x\"")
                .hasMessageContaining("DEAD_LETTER");
        Await.until("the failed job's fetcher thread stopped", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("kafka-fetcher-") && t.isAlive()));

        StreamEnvironment skipping = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> skipped = new CollectSink<>();
        skipping.fromSource(badSource(BadRecordPolicy.SKIP), WatermarkStrategy.noWatermarks(), "kafka").sinkTo(skipped);
        assertThat(skipping.execute("skip").status()).isEqualTo(JobStatus.FINISHED);
        assertThat(skipped.values()).containsExactly(1L, 2L, 4L);

        StreamEnvironment dead = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> numbers = new CollectSink<>();
        CollectSink<DeadLetter> letters = new CollectSink<>();
        var stream = dead.fromSource(badSource(BadRecordPolicy.DEAD_LETTER), WatermarkStrategy.noWatermarks(), "kafka");
        stream.sinkTo(numbers);
        stream.getSideOutput(DeadLetter.TAG).sinkTo(letters);
        assertThat(dead.execute("dead-letter").status()).isEqualTo(JobStatus.FINISHED);
        assertThat(numbers.values()).containsExactly(1L, 2L, 4L);
        assertThat(letters.values()).extracting(DeadLetter::origin, DeadLetter::position, l -> new String(l.value(),
                StandardCharsets.UTF_8)).containsExactly(tuple("topic bad, partition 0", 2L, "x"));
    }

    private static KafkaSource<Long> badSource(BadRecordPolicy policy) {
        return KafkaSource.builder(BROKER.bootstrapServers(), longs()).topics("bad").bounded().badRecordPolicy(policy)
                .build();
    }

    @Test
    void shouldNotLetAnEmptyPartitionHoldAWindowBack() throws Exception {
        BROKER.createTopic("idle", 2);
        // Partition 0 (subtask 0) has records; partition 1 (subtask 1) stays empty.
        BROKER.produce("idle", 0, List.of("a", "b", "c", "late-enough"), List.of(100L, 400L, 900L, 2500L));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(KafkaSource.builder(BROKER.bootstrapServers(), RecordDeserializer.utf8()).topics("idle").build(),
                        WatermarkStrategy.<String>forMonotonousTimestamps().withIdleness(Duration.ofMillis(200)), "kafka")
                .keyBy(v -> "all")
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .process(new ListWindow())
                .sinkTo(sink);
        JobClient job = env.executeAsync("idle");
        try {
            Await.until("the first window fired although partition 1 is empty", () -> sink.size() >= 1);
        } finally {
            job.cancel();
            job.await(Await.DEADLINE);
        }
        assertThat(sink.values()).containsExactly("0: a,b,c");
    }

    /** "start: a,b,c" for a window's elements. */
    static final class ListWindow extends ProcessWindowFunction<String, String, String, TimeWindow> {
        @Override
        public void process(String key, Context context, Iterable<String> elements, Collector<String> out) {
            List<String> in = new ArrayList<>();
            elements.forEach(in::add);
            out.collect(context.window().start() + ": " + String.join(",", in));
        }
    }
}
