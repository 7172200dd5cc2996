package io.sluice.examples.jobjar;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.chronicle.ChronicleQueueSink;
import io.sluice.connectors.chronicle.ChronicleQueueSource;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The job {@link RuntimeServerEndToEndTest} submits to a runtime as a jar: every line of an input
 * Chronicle queue (followed, never ending), upper-cased, into an output queue exactly once; each
 * record is delayed (third argument, microseconds) so that the job is still running when the test
 * stops it, kills its runtime, or takes a savepoint.
 */
public final class ServerCopyJob implements Job {

    @Override
    public void define(StreamEnvironment env, String[] args) {
        Path input = Path.of(args[0]);
        Path output = Path.of(args[1]);
        long delayNanos = Long.parseLong(args[2]) * 1000;
        env.fromSource(ChronicleQueueSource.forRecords(input, RecordDeserializer.utf8()).build(),
                        WatermarkStrategy.noWatermarks(), "input").uid("input")
                .map(line -> {
                    LockSupport.parkNanos(delayNanos); // pacing for the test, not an example to follow
                    return line.toUpperCase(Locale.ROOT);
                }).uid("upper")
                .sinkTo(ChronicleQueueSink.forRecords(output, RecordSerializer.utf8()).build()).uid("output");
    }
}
