package io.sluice.benchmarks.connectors;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.RecordSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.chronicle.ChronicleCommittedReader;
import io.sluice.connectors.chronicle.ChronicleQueueSink;
import io.sluice.connectors.chronicle.ChronicleQueueSource;
import io.sluice.connectors.chronicle.QueuePosition;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * End-to-end latency of a Chronicle Queue pipeline at a fixed rate, open loop, from the moment a
 * record was due to be appended to the moment it is read from the output queue:
 * <pre>
 *   limit:  producer ─► queue in ─► copier thread (tailer → appender) ─► queue out ─► reader
 *   sluice: producer ─► queue in ─► ChronicleQueueSource → map → ChronicleQueueSink (at least once) ─► queue out ─► reader
 * </pre>
 * Both shapes use two busy threads: the copier (limit) or the job's one worker (sluice), and a driver
 * that appends each record when it is due and reads the output queue in between (producer and
 * reader in one thread, so that the two shapes fit two cores without time slicing). Every record
 * carries its intended send time and its sequence number; the driver checks that every record
 * arrives once and in order, and a run that loses, repeats or reorders one fails instead of
 * printing a figure.
 *
 * <pre>
 *   java -jar benchmarks/target/sluice-benchmarks.jar ... (see docs/benchmarks.md)
 *   java -cp sluice-benchmarks.jar io.sluice.benchmarks.connectors.ChronicleQueueLatency limit|sluice [rate] [seconds] [warmup]
 * </pre>
 */
public final class ChronicleQueueLatency {

    private ChronicleQueueLatency() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "sluice";
        long rate = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Path dir = Files.createTempDirectory("sluice-chronicle-latency");
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        long total = rate * (seconds + warmup);
        long periodNanos = 1_000_000_000L / rate;

        JobClient job = null;
        Thread copier = null;
        AtomicBoolean stop = new AtomicBoolean();
        if (mode.equals("sluice")) {
            StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
            env.config().set(ExecutionOptions.WORKERS, 1).set(ExecutionOptions.IDLE_STRATEGY, IdleStrategyKind.BUSY_SPIN);
            env.fromSource(ChronicleQueueSource.forRecords(in, RecordDeserializer.bytes()).build(),
                            WatermarkStrategy.noWatermarks(), "in")
                    .map(b -> b)
                    .sinkTo(ChronicleQueueSink.forRecords(out, RecordSerializer.bytes()).atLeastOnce().build());
            job = env.executeAsync("chronicle-latency");
        } else if (mode.equals("limit")) {
            copier = new Thread(() -> copy(in, out, total, stop), "copier");
            copier.start();
        } else {
            throw new IllegalArgumentException("mode is limit or sluice, got " + mode);
        }

        Histogram histogram = new Histogram(1, 3_600_000_000_000L, 3);
        long[] received = new long[1];
        String[] error = new String[1];
        long start = System.nanoTime() + 200_000_000L;
        long measureFrom = start + warmup * 1_000_000_000L;
        drive(mode, in, out, total, start, periodNanos, measureFrom, histogram, received, error);
        stop.set(true);
        if (copier != null) {
            copier.join();
        }
        if (job != null) {
            job.cancel();
            job.await(Duration.ofSeconds(30));
        }
        if (error[0] != null || received[0] != total) {
            throw new IllegalStateException("the run is not valid: " + (error[0] != null ? error[0]
                    : received[0] + " of " + total + " records arrived"));
        }
        System.out.printf("RESULT {\"engine\":\"%s\",\"rate\":%d,\"records\":%d,\"p50_us\":%.2f,\"p99_us\":%.2f,"
                        + "\"p999_us\":%.2f,\"max_us\":%.2f,\"java\":\"%s\"}%n", mode, rate, histogram.getTotalCount(),
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3,
                Runtime.version());
    }

    /** Input for the driver: appends one record. */
    private interface Appender extends AutoCloseable {
        void append(long due, long sequence) throws Exception;
    }

    /** Output for the driver: reads what is there now, handing (due, sequence) to {@link #record}. */
    private interface Tail extends AutoCloseable {
        int poll() throws Exception;
    }

    /**
     * Appends record i at start + i * period (open loop: a late driver does not move the schedule)
     * and reads the output whenever no record is due, until every record has come back.
     */
    private static void drive(String mode, Path in, Path out, long total, long start, long periodNanos,
                              long measureFrom, Histogram histogram, long[] received, String[] error) throws Exception {
        try (Appender appender = appender(mode, in);
             Tail tail = tail(mode, out, measureFrom, histogram, received, error)) {
            long sent = 0;
            long deadline = start + total * periodNanos + 60_000_000_000L;
            while (received[0] < total && System.nanoTime() < deadline) {
                if (sent < total) {
                    long due = start + sent * periodNanos;
                    if (System.nanoTime() >= due) {
                        appender.append(due, sent++);
                        continue;
                    }
                }
                if (tail.poll() == 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static Appender appender(String mode, Path in) throws Exception {
        byte[] value = new byte[16];
        ByteBuffer buffer = ByteBuffer.wrap(value);
        if (mode.equals("sluice")) {
            SinkWriter<byte[]> writer = ChronicleQueueSink.forRecords(in, RecordSerializer.bytes()).atLeastOnce()
                    .build().createWriter(SinkContext.of(0, 1, "producer", "0000000000000001"));
            return new Appender() {
                @Override
                public void append(long due, long sequence) throws Exception {
                    buffer.putLong(0, due).putLong(8, sequence);
                    writer.write(value, Long.MIN_VALUE);
                }

                @Override
                public void close() throws Exception {
                    writer.close();
                }
            };
        }
        ChronicleQueue queue = ChronicleQueue.singleBuilder(in).build();
        ExcerptAppender appender = queue.createAppender();
        Bytes<?> bytes = Bytes.allocateElasticDirect(16);
        return new Appender() {
            @Override
            public void append(long due, long sequence) {
                bytes.clear().writeLong(due).writeLong(sequence);
                appender.writeBytes(bytes);
            }

            @Override
            public void close() {
                appender.close();
                queue.close();
            }
        };
    }

    private static Tail tail(String mode, Path out, long measureFrom, Histogram histogram, long[] received,
                             String[] error) {
        if (mode.equals("sluice")) {
            ChronicleCommittedReader reader = ChronicleCommittedReader.open(out, QueuePosition.START);
            // made once: a capturing lambda per poll would be an object per poll
            io.sluice.connectors.chronicle.QueueRecordHandler handler = r -> {
                byte[] v = r.value();
                record(longAt(v, 0), longAt(v, 8), measureFrom, histogram, received, error);
            };
            return new Tail() {
                @Override
                public int poll() throws Exception {
                    return reader.poll(64, handler);
                }

                @Override
                public void close() {
                    reader.close();
                }
            };
        }
        ChronicleQueue queue = ChronicleQueue.singleBuilder(out).build();
        ExcerptTailer tailer = queue.createTailer();
        Bytes<?> bytes = Bytes.allocateElasticDirect(16);
        return new Tail() {
            @Override
            public int poll() {
                bytes.clear();
                if (!tailer.readBytes(bytes)) {
                    return 0;
                }
                record(bytes.readLong(), bytes.readLong(), measureFrom, histogram, received, error);
                return 1;
            }

            @Override
            public void close() {
                queue.close();
            }
        };
    }

    /** The plain loop: what comes into {@code in} is appended to {@code out}. */
    private static void copy(Path in, Path out, long total, AtomicBoolean stop) {
        try (ChronicleQueue from = ChronicleQueue.singleBuilder(in).build();
             ChronicleQueue to = ChronicleQueue.singleBuilder(out).build();
             ExcerptAppender appender = to.createAppender()) {
            ExcerptTailer tailer = from.createTailer();
            Bytes<?> bytes = Bytes.allocateElasticDirect(16);
            long copied = 0;
            while (copied < total && !stop.get()) {
                bytes.clear();
                if (tailer.readBytes(bytes)) {
                    appender.writeBytes(bytes);
                    copied++;
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void record(long due, long sequence, long measureFrom, Histogram histogram, long[] received,
                               String[] error) {
        long now = System.nanoTime();
        if (sequence != received[0] && error[0] == null) {
            error[0] = "record " + sequence + " arrived where " + received[0] + " was expected";
        }
        received[0]++;
        if (due >= measureFrom) {
            histogram.recordValue(Math.max(1, now - due));
        }
    }

    /** The big-endian long at {@code offset} of {@code bytes}, as ByteBuffer writes it. */
    private static long longAt(byte[] bytes, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (bytes[offset + i] & 0xFF);
        }
        return v;
    }
}
