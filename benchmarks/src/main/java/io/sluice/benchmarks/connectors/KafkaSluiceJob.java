package io.sluice.benchmarks.connectors;

import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Sink;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.metrics.CheckpointMetrics;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.benchmarks.connectors.KafkaPipelineThroughput.Guarantee;
import io.sluice.connectors.kafka.KafkaSink;
import io.sluice.connectors.kafka.KafkaSource;
import io.sluice.connectors.kafka.StartingOffsets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Sluice shape: {@code KafkaSource} (earliest; bounded for a pre-filled input) → map →
 * {@code KafkaSink}, at the given parallelism, checkpoints every {@code checkpointIntervalMs} into a
 * temporary directory, the runtime's defaults otherwise (one worker per core, backoff idling: the
 * broker needs the cores too). Source and sink use the connectors' defaults; the source's
 * deserializer is {@link RecordDeserializer#bytes()}, as a job reading raw values would use.
 */
final class KafkaSluiceJob implements KafkaPipelineThroughput.Pipeline {

    private final StreamEnvironment env;
    private final Path checkpoints;
    private JobClient job;
    private JobResult result;

    KafkaSluiceJob(String bootstrapServers, String in, String out, int parallelism, Guarantee guarantee,
                   long checkpointIntervalMs, boolean bounded, Map<String, String> consumerProperties,
                   Map<String, String> producerProperties, Map<String, String> config, long sinkMaxPending)
            throws IOException {
        checkpoints = Files.createTempDirectory("sluice-kafka-bench-checkpoints");
        env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(checkpointIntervalMs))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString());
        config.forEach(env.config()::set);
        KafkaSource.Builder<byte[]> source = KafkaSource.builder(bootstrapServers, RecordDeserializer.bytes())
                .topics(in).startingOffsets(StartingOffsets.earliest());
        consumerProperties.forEach(source::property);
        if (bounded) {
            source.bounded();
        }
        env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "in").uid("in")
                .map(KafkaRecords::transform).uid("map")
                .sinkTo(sink(bootstrapServers, out, guarantee, producerProperties, sinkMaxPending)).uid("out");
    }

    /**
     * The sink of the Sluice shape, and the one place that chooses its guarantee. Called once
     * before anything starts, with a made-up address, so that a guarantee it cannot give fails the
     * invocation at once.
     */
    static Sink<byte[]> sink(String bootstrapServers, String topic, Guarantee guarantee,
                             Map<String, String> producerProperties, long maxPendingRecords) {
        KafkaSink.Builder<byte[]> builder = KafkaSink.builder(bootstrapServers, topic, RecordSerializer.bytes());
        producerProperties.forEach(builder::property);
        if (maxPendingRecords > 0) {
            builder.maxPendingRecords(maxPendingRecords);
        }
        // exactly once: transactions committed when a checkpoint completes, read back read_committed
        return guarantee == Guarantee.EXACTLY_ONCE ? builder.exactlyOnce().build() : builder.build();
    }

    @Override
    public void start() throws Exception {
        job = env.executeAsync("kafka-pipeline");
    }

    @Override
    public void awaitEnd(Duration timeout) throws Exception {
        result = job.await(timeout);
        if (result.status() != JobStatus.FINISHED) {
            throw new IllegalStateException("the Sluice job ended " + result.status());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null && result == null) {
                job.cancel();
                try {
                    job.await(Duration.ofSeconds(30));
                } catch (RuntimeException cancelled) {
                    // a cancelled job may report itself failed: the run's figures are taken already
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(checkpoints)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Override
    public String stats() {
        CheckpointMetrics m = job.checkpointMetrics();
        return "\"checkpoints\":" + m.completed() + ",\"checkpoints_failed\":" + m.failed();
    }
}
