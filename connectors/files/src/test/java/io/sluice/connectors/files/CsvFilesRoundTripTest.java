package io.sluice.connectors.files;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.files.source.FileSource;
import io.sluice.connectors.formats.Csv;
import io.sluice.connectors.formats.CsvRow;
import io.sluice.connectors.formats.CsvSchema;
import io.sluice.connectors.formats.CsvType;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Records written as CSV by the exactly-once file sink in a job, and read back by the file source in another. */
class CsvFilesRoundTripTest {

    @TempDir
    Path dir;

    public enum Kind { CARD, TRANSFER }

    public record Payment(long id, String account, String note, BigDecimal amount, Instant time, Kind kind,
                          Double rate) {
    }

    private static final String[] NOTES = {
        "plain", "a, comma", "say \"hi\"", "\"", "\"\"", "two\nlines", "crlf\r\ninside", "ends with a line break\n",
        "\r", "ünïcödé 😀 中文", "", null, "  spaces  ", ",", "a,\"b\"\nc", "account,note"};

    private static List<Payment> payments(int n) {
        List<Payment> payments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String note = NOTES[i % NOTES.length];
            payments.add(new Payment(i, i % 13 == 0 ? null : i % 17 == 0 ? "" : "acc-" + (i % 50), note,
                    i % 11 == 0 ? null : new BigDecimal(i + "." + (i % 100)), Instant.ofEpochSecond(1_700_000_000L + i),
                    i % 7 == 0 ? null : Kind.values()[i % 2], i % 5 == 0 ? null : i / 7.0));
        }
        return payments;
    }

    private static <T> Map<T, Long> counts(Collection<T> elements) {
        return elements.stream().collect(Collectors.groupingBy(e -> e, HashMap::new, Collectors.counting()));
    }

    @Test
    void recordsWrittenAsCsvPartsWithHeadersReadBackEqualEachOnce() throws Exception {
        List<Payment> payments = payments(5_000);
        Path out = dir.resolve("payments");

        StreamEnvironment write = StreamEnvironment.create().setParallelism(2);
        write.config().set(CheckpointingOptions.INTERVAL, Duration.ofMillis(50))
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        write.fromCollection(payments).rebalance()
                .sinkTo(TwoPhaseCommitFileSink.forRecords(out, Csv.serializer(Payment.class).withHeader())
                        .rollAfterBytes(16 * 1024).build());
        assertThat(write.execute("write-csv").status()).isEqualTo(JobStatus.FINISHED);

        List<Path> parts = CommittedFiles.list(out);
        assertThat(parts).as("several parts, rolled").hasSizeGreaterThan(4);
        for (Path part : parts) {
            assertThat(Files.readString(part, StandardCharsets.UTF_8))
                    .as("part %s", part.getFileName()).startsWith("id,account,note,amount,time,kind,rate\n");
        }

        StreamEnvironment read = StreamEnvironment.create().setParallelism(3);
        CollectSink<Payment> back = new CollectSink<>();
        read.fromSource(FileSource.forRecords(out, Csv.records(Payment.class).withHeader()).quotedLineBreaks().build(),
                WatermarkStrategy.noWatermarks(), "payments").sinkTo(back);
        assertThat(read.execute("read-csv").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(back.size()).isEqualTo(payments.size());
        assertThat(counts(back.values())).isEqualTo(counts(payments));
    }

    @Test
    void rowsWrittenAsCsvReadBackEqual() throws Exception {
        CsvSchema schema = CsvSchema.builder().column("id", CsvType.LONG).column("text", CsvType.STRING)
                .column("amount", CsvType.DECIMAL).build();
        List<CsvRow> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(CsvRow.of(schema, (long) i, NOTES[i % NOTES.length], i % 3 == 0 ? null : new BigDecimal(i + ".50")));
        }
        Path out = dir.resolve("rows");
        StreamEnvironment write = StreamEnvironment.create().setParallelism(2);
        write.fromCollection(rows).rebalance()
                .sinkTo(TwoPhaseCommitFileSink.forRecords(out, Csv.serializer(schema).withHeader().withSeparator(';'))
                        .build());
        assertThat(write.execute("write-rows").status()).isEqualTo(JobStatus.FINISHED);

        StreamEnvironment read = StreamEnvironment.create().setParallelism(2);
        CollectSink<CsvRow> back = new CollectSink<>();
        read.fromSource(FileSource.forRecords(out, Csv.rows(schema).withHeader().withSeparator(';'))
                .quotedLineBreaks().build(), WatermarkStrategy.noWatermarks(), "rows").sinkTo(back);
        assertThat(read.execute("read-rows").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(counts(back.values())).isEqualTo(counts(rows));
    }
}
