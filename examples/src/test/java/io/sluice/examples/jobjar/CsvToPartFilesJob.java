package io.sluice.examples.jobjar;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.RestartOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.files.TwoPhaseCommitFileSink;
import io.sluice.connectors.files.source.FileSource;
import io.sluice.connectors.formats.Csv;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A job that {@link JobJarEndToEndTest} packs alone into a jar (this class and its nested ones) and
 * runs with {@code bin/sluice run JAR INPUT OUTPUT CHECKPOINTS FAIL_AT}: CSV files of payments
 * ({@code id,account,amount} with a header) → {@code id;ACCOUNT;amount×2} lines → exactly-once part
 * files, checkpointing every 50 ms and restarting after a failure. The element with id
 * {@code FAIL_AT} fails the job once per process; each element is delayed about 0.1 ms so that
 * checkpoints complete before that. The file connector and the CSV format come from
 * {@code bin/sluice}'s classpath, not from the jar; the job prints where they were loaded from.
 */
public final class CsvToPartFilesJob implements Job {

    public static final String LOADED_FROM = "csv-job: file connector from ";

    /** One failure per process: a restart loads nothing anew, so this is still set. */
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    public record Payment(long id, String account, BigDecimal amount) {
    }

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        Path checkpoints = Path.of(args[2]);
        long failAt = Long.parseLong(args[3]);
        System.out.println(LOADED_FROM + FileSource.class.getProtectionDomain().getCodeSource().getLocation());

        env.setParallelism(2);
        env.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, checkpoints.toString())
                .set(RestartOptions.STRATEGY, RestartOptions.Strategy.FIXED_DELAY)
                .set(RestartOptions.ATTEMPTS, 1)
                .set(RestartOptions.DELAY, Duration.ofMillis(100));
        env.fromSource(FileSource.forRecords(input, Csv.records(Payment.class).withHeader()).build(),
                        WatermarkStrategy.noWatermarks(), "payments").uid("payments")
                .map(p -> {
                    LockSupport.parkNanos(100_000); // pacing, so that the job lives through a few checkpoints
                    if (p.id() == failAt && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure at payment " + p.id());
                    }
                    return p.id() + ";" + p.account().toUpperCase() + ";" + p.amount().multiply(BigDecimal.valueOf(2));
                }).uid("format")
                .sinkTo(TwoPhaseCommitFileSink.forLines(output).build()).uid("parts");
    }
}
