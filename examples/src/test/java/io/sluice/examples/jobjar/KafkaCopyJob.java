package io.sluice.examples.jobjar;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.kafka.KafkaSink;
import io.sluice.connectors.kafka.KafkaSource;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A job that {@link KafkaJobJarTest} packs into a jar together with the Kafka connector and
 * kafka-clients, as a shaded job jar holds them, and runs with {@code bin/sluice run JAR BOOTSTRAP
 * INPUT_TOPIC OUTPUT_TOPIC CHECKPOINTS FAIL_AT}: the input topic, bounded at its end when the job
 * starts, {@code "v" + value} into the output topic, at least once. The value {@code FAIL_AT} fails
 * the job once per process; each value is delayed about 0.1 ms so that checkpoints complete before
 * that. Prints where the connector and the client were loaded from.
 */
public final class KafkaCopyJob implements Job {

    public static final String CONNECTOR_FROM = "kafka-job: connector from ";
    public static final String CLIENT_FROM = "kafka-job: client from ";

    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @Override
    public void define(StreamEnvironment env, String[] args) {
        String bootstrap = args[0];
        long failAt = Long.parseLong(args[4]);
        System.out.println(CONNECTOR_FROM + KafkaSource.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println(CLIENT_FROM + KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation());

        env.setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, args[3])
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 1)
                .set(RestartOptions.DELAY, Duration.ofMillis(100));
        env.fromSource(KafkaSource.builder(bootstrap, RecordDeserializer.utf8()).topics(args[1]).bounded().build(),
                        WatermarkStrategy.noWatermarks(), "input").uid("input")
                .map(v -> {
                    LockSupport.parkNanos(100_000); // pacing, so that the job lives through a few checkpoints
                    if (Long.parseLong(v) == failAt && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure at value " + v);
                    }
                    return "v" + v;
                }).uid("prefix")
                .sinkTo(KafkaSink.builder(bootstrap, args[2], RecordSerializer.utf8()).build()).uid("output");
    }
}
