package io.sluice.runtime.it;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.connector.format.BadRecordPolicy;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.DeadLetter;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;
import io.sluice.api.metrics.OperatorMetrics;
import io.sluice.api.metrics.TaskMetrics;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.io.DataInput;
import java.io.DataOutput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A source's bad-record policy in a running job: fail with the record named, skip and count, or dead-letter. */
class BadRecordPolicyTest {

    private static final List<String> LINES = List.of("1", "2", "three", "4", "", "6");
    private static final RecordDeserializer<Long> NUMBER =
            r -> Long.parseLong(new String(r.value(), StandardCharsets.UTF_8));

    /** Reads {@link #LINES} as numbers through {@link BadRecords}, one split, line numbers from 1. */
    static final class NumberLines implements Source<Long, NumberLines.Split> {
        private final BadRecordPolicy policy;

        NumberLines(BadRecordPolicy policy) {
            this.policy = policy;
        }

        static final class Split implements SourceSplit {
            @Override
            public String splitId() {
                return "lines";
            }
        }

        @Override
        public Boundedness boundedness() {
            return Boundedness.BOUNDED;
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            return List.of(new Split());
        }

        @Override
        public SourceReader<Long, Split> createReader(SourceReaderContext context) {
            BadRecords badRecords = new BadRecords(policy, "numbers");
            return new SourceReader<>() {
                private int next;

                @Override
                public void addSplits(List<Split> splits) {
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
                    if (next == LINES.size()) {
                        return InputStatus.END_OF_INPUT;
                    }
                    int line = ++next;
                    SourceRecord record = new SourceRecord() {
                        @Override
                        public byte[] value() {
                            return LINES.get(line - 1).getBytes(StandardCharsets.UTF_8);
                        }

                        @Override
                        public String origin() {
                            return "numbers.txt";
                        }

                        @Override
                        public long position() {
                            return line;
                        }
                    };
                    Long n = badRecords.deserialize(NUMBER, record, output);
                    if (n != null) {
                        output.collect(n);
                    }
                    return InputStatus.MORE_AVAILABLE;
                }

                @Override
                public List<Split> snapshotState(long checkpointId) {
                    return List.of();
                }
            };
        }

        @Override
        public TypeSerializer<Split> splitSerializer() {
            return new TypeSerializer<>() {
                @Override
                public void serialize(Split value, DataOutput out) {
                }

                @Override
                public Split deserialize(DataInput in) {
                    return new Split();
                }

                @Override
                public String typeName() {
                    return "number lines split";
                }
            };
        }
    }

    @Test
    void underDeadLetterTheBadRecordsComeOutOfTheSideOutputWithTheirPositionAndReason() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> numbers = new CollectSink<>();
        CollectSink<DeadLetter> letters = new CollectSink<>();
        var stream = env.fromSource(new NumberLines(BadRecordPolicy.DEAD_LETTER), WatermarkStrategy.noWatermarks(),
                "numbers");
        stream.sinkTo(numbers);
        stream.getSideOutput(DeadLetter.TAG).sinkTo(letters);

        assertThat(env.execute("dead-letters").status()).isEqualTo(JobStatus.FINISHED);

        assertThat(numbers.values()).containsExactly(1L, 2L, 4L, 6L);
        assertThat(letters.values()).extracting(DeadLetter::position, DeadLetter::origin)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3L, "numbers.txt"),
                        org.assertj.core.groups.Tuple.tuple(5L, "numbers.txt"));
        assertThat(new String(letters.values().get(0).value(), StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(letters.values().get(0).reason()).startsWith("NumberFormatException");
    }

    @Test
    void underSkipTheBadRecordsAreCountedAsTheSourcesDroppedRecords() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> numbers = new CollectSink<>();
        env.fromSource(new NumberLines(BadRecordPolicy.SKIP), WatermarkStrategy.noWatermarks(), "numbers")
                .disableChaining().sinkTo(numbers);
        JobClient job = env.executeAsync("skip");
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.FINISHED);

        assertThat(numbers.values()).containsExactly(1L, 2L, 4L, 6L);
        long dropped = 0;
        for (TaskMetrics t : job.metrics().tasks()) {
            for (OperatorMetrics o : t.operators()) {
                if (o.operator().equals("numbers")) {
                    dropped += o.recordsDropped();
                }
            }
        }
        assertThat(dropped).as("bad records skipped by the source").isEqualTo(2);
    }

    @Test
    void underFailTheJobFailsNamingTheRecordAndTheWayOut() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSource(new NumberLines(BadRecordPolicy.FAIL), WatermarkStrategy.noWatermarks(), "numbers")
                .sinkTo(new CollectSink<>());
        assertThatThrownBy(() -> env.execute("fail")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("cannot read the record at position 3 of numbers.txt")
                .hasMessageContaining("For input string: \"three\"")
                .hasMessageContaining("DEAD_LETTER");
    }
}
