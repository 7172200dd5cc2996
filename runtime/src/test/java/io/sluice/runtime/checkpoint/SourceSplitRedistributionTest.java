package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FailingSequenceSource.Split;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A source restored at another parallelism re-divides all its restored splits through
 * {@link Source#redistributeSplits}, and the runtime deals the result as it deals new splits; at the
 * same parallelism each subtask gets its own splits back and the source is not asked.
 */
class SourceSplitRedistributionTest {

    private static final long COUNT = 30_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    /** Runs the job at parallelism 2 with 4 splits and stops it with a savepoint; returns the savepoint. */
    private Path savepointAtParallelism2(String store) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource sequence = new FailingSequenceSource(COUNT, 4, 5, 0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(env, new RecordingSource(sequence, false), new TransactionalCollectSink(store));
        JobClient job = env.executeAsync("redistribute-p2");
        assertThat(sequence.awaitEmitted(2_048, DEADLINE)).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(savepoint);
        assertThat(job.await(DEADLINE).status()).isEqualTo(JobStatus.CANCELED);
        return savepoint;
    }

    private static void build(StreamEnvironment env, RecordingSource source, TransactionalCollectSink sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
                .map(v -> Long.toString(v))
                .sinkTo(sink).uid("sink");
    }

    /** The splits each subtask wrote into the savepoint, by subtask. */
    private static List<List<Split>> splitsBySubtask(Path savepoint) throws Exception {
        CompletedCheckpoint checkpoint = CheckpointMetadata.read(savepoint);
        TypeSerializer<Split> serializer = new FailingSequenceSource(1, 1, 1, 0).splitSerializer();
        List<List<Split>> bySubtask = new ArrayList<>();
        for (int s = 0; s < checkpoint.operators().get("sequence").parallelism(); s++) {
            bySubtask.add(new ArrayList<>());
        }
        for (OperatorSubtaskState state : checkpoint.operators().get("sequence").subtasks()) {
            for (byte[] item : state.items()) {
                bySubtask.get(state.subtask()).add(StateItems.read(serializer, item, "a split"));
            }
        }
        return bySubtask;
    }

    private JobClient restore(Path savepoint, int parallelism, RecordingSource source, TransactionalCollectSink sink)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        build(env, source, sink);
        JobClient job = env.executeAsync("redistribute-p" + parallelism);
        assertThat(job.await(DEADLINE).status()).isEqualTo(JobStatus.FINISHED);
        return job;
    }

    @Test
    void shouldHandEveryRestoredSplitToTheSourceAndDealItsResultAtAnotherParallelism() throws Exception {
        String store = UUID.randomUUID().toString();
        Path savepoint = savepointAtParallelism2(store);
        List<List<Split>> saved = splitsBySubtask(savepoint);
        RecordingSource source = new RecordingSource(new FailingSequenceSource(COUNT, 4, 1_000, 0), false);
        TransactionalCollectSink sink = new TransactionalCollectSink(store);

        restore(savepoint, 3, source, sink);

        List<Split> all = new ArrayList<>(saved.get(0));
        all.addAll(saved.get(1));
        assertThat(source.calls()).as("one call, with every split of both former subtasks, in subtask order")
                .containsExactly(new Call(all, 3));
        List<Split> reversed = new ArrayList<>(all);
        Collections.reverse(reversed); // what the source returned
        for (int s = 0; s < 3; s++) {
            List<Split> expected = new ArrayList<>();
            for (int i = s; i < reversed.size(); i += 3) {
                expected.add(reversed.get(i));
            }
            assertThat(source.added(s)).as("splits of subtask %d", s).isEqualTo(expected);
        }
        assertEveryValueOnce(sink);
    }

    @Test
    void shouldGiveEachSubtaskItsOwnSplitsBackAtTheSameParallelism() throws Exception {
        String store = UUID.randomUUID().toString();
        Path savepoint = savepointAtParallelism2(store);
        List<List<Split>> saved = splitsBySubtask(savepoint);
        RecordingSource source = new RecordingSource(new FailingSequenceSource(COUNT, 4, 1_000, 0), false);
        TransactionalCollectSink sink = new TransactionalCollectSink(store);

        restore(savepoint, 2, source, sink);

        assertThat(source.calls()).as("the source is not asked to redistribute").isEmpty();
        assertThat(source.added(0)).isEqualTo(saved.get(0));
        assertThat(source.added(1)).isEqualTo(saved.get(1));
        assertEveryValueOnce(sink);
    }

    @Test
    void shouldNameTheSourceWhenARestoredSplitCannotBeReadAtAnotherParallelism() throws Exception {
        Path savepoint = savepointAtParallelism2(UUID.randomUUID().toString());
        RecordingSource unreadable = new RecordingSource(new FailingSequenceSource(COUNT, 4, 1_000, 0), true);

        // the same message as at the same parallelism, where the source operator reads its own splits
        assertThatThrownBy(() -> restore(savepoint, 3, unreadable, new TransactionalCollectSink()))
                .hasMessageContaining("no usable checkpoint")
                .hasMessageContaining("cannot read a split of source 'sequence' from the checkpoint with"
                        + " sequence split: unknown split layout (was its type changed since?)");
        assertThat(unreadable.calls()).isEmpty();
    }

    private static void assertEveryValueOnce(TransactionalCollectSink sink) {
        List<Long> values = sink.committed().stream().map(Long::parseLong).sorted().collect(Collectors.toList());
        assertThat(values).isEqualTo(LongStream.range(0, COUNT).boxed().collect(Collectors.toList()));
    }

    /** One call of {@code redistributeSplits}. */
    record Call(List<Split> restored, int parallelism) {
    }

    /**
     * A {@link FailingSequenceSource} that records the calls of {@code redistributeSplits} (and
     * returns the splits in reverse order) and the splits each subtask's reader is given; with
     * {@code unreadable}, its serializer reads no split. Copied into the job: what it records lives in
     * static registries under its id.
     */
    private static final class RecordingSource implements Source<Long, Split> {
        private static final long serialVersionUID = 1L;
        private static final Map<String, List<Call>> CALLS = new ConcurrentHashMap<>();
        private static final Map<String, Map<Integer, List<Split>>> ADDED = new ConcurrentHashMap<>();

        private final String id = UUID.randomUUID().toString();
        private final FailingSequenceSource sequence;
        private final boolean unreadable;

        RecordingSource(FailingSequenceSource sequence, boolean unreadable) {
            this.sequence = sequence;
            this.unreadable = unreadable;
            CALLS.put(id, new CopyOnWriteArrayList<>());
            ADDED.put(id, new ConcurrentHashMap<>());
        }

        List<Call> calls() {
            return List.copyOf(CALLS.get(id));
        }

        List<Split> added(int subtask) {
            return ADDED.get(id).getOrDefault(subtask, List.of());
        }

        @Override
        public Boundedness boundedness() {
            return sequence.boundedness();
        }

        @Override
        public List<Split> createSplits(int parallelism) {
            return sequence.createSplits(parallelism);
        }

        @Override
        public List<Split> redistributeSplits(List<Split> restored, int parallelism) {
            CALLS.get(id).add(new Call(List.copyOf(restored), parallelism));
            List<Split> reversed = new ArrayList<>(restored);
            Collections.reverse(reversed);
            return reversed;
        }

        @Override
        public SourceReader<Long, Split> createReader(SourceReaderContext context) {
            SourceReader<Long, Split> reader = sequence.createReader(context);
            Map<Integer, List<Split>> added = ADDED.get(id);
            return new SourceReader<>() {
                @Override
                public void addSplits(List<Split> splits) {
                    added.computeIfAbsent(context.subtaskIndex(), k -> new CopyOnWriteArrayList<>()).addAll(splits);
                    reader.addSplits(splits);
                }

                @Override
                public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
                    return reader.pollNext(output);
                }

                @Override
                public List<Split> snapshotState(long checkpointId) {
                    return reader.snapshotState(checkpointId);
                }

                @Override
                public void notifyCheckpointComplete(long checkpointId) throws Exception {
                    reader.notifyCheckpointComplete(checkpointId);
                }
            };
        }

        @Override
        public TypeSerializer<Split> splitSerializer() {
            TypeSerializer<Split> serializer = sequence.splitSerializer();
            if (!unreadable) {
                return serializer;
            }
            return new TypeSerializer<>() {
                @Override
                public void serialize(Split split, DataOutput out) throws IOException {
                    serializer.serialize(split, out);
                }

                @Override
                public Split deserialize(DataInput in) throws IOException {
                    throw new IOException("unknown split layout");
                }

                @Override
                public String typeName() {
                    return serializer.typeName();
                }
            };
        }
    }
}
