package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.checkpoint.OperatorSubtaskState;
import io.sluice.runtime.checkpoint.TaskSnapshot;
import io.sluice.runtime.testing.DiscardSink;
import io.sluice.state.KeyedStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Closing a task never parks its worker: while an I/O thread still writes a snapshot of its keyed
 * state, the task closes at once and the state's memory goes back when that write ends.
 */
class CooperativeCloseTest {

    private static final int KEYS = 100;

    @TempDir
    Path checkpoints;

    /** A source task, and a task summing per key (keyed state) into a sink: tasks 0 and 1. */
    private ManualTasks sumPerKey(Path directory) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(1, 1_000_000).keyBy(v -> v % KEYS).reduce(Long::sum)
                .startNewChain() // two tasks: the keyed one reads its input from a ring
                .sinkTo(new DiscardSink<>());
        return new ManualTasks(env, directory);
    }

    private static KeyedStateBackend keyedState(StreamTask task) {
        return task.chain().operators()[0].context().keyedStateBackend();
    }

    /** Rounds until every key has state, then checkpoint 1 until both tasks handed their writes to the I/O side. */
    private static void captureWithWritesPending(ManualTasks job) throws Exception {
        KeyedStateBackend state = keyedState(job.task(1));
        for (int i = 0; i < 1_000 && state.numEntries() < KEYS; i++) {
            job.round();
        }
        assertThat(state.numEntries()).isEqualTo(KEYS);
        job.task(0).triggerCheckpoint(1, false);
        for (int i = 0; i < 1_000 && job.queuedWrites() < 2; i++) {
            job.round();
        }
        assertThat(job.queuedWrites()).as("both tasks captured checkpoint 1, nothing written yet").isEqualTo(2);
    }

    @Test
    void aTaskClosesAtOnceWhileItsSnapshotIsWrittenAndItsStateGoesBackWhenTheWriteEnds() throws Exception {
        try (ManualTasks job = sumPerKey(checkpoints)) {
            captureWithWritesPending(job);
            StreamTask summing = job.task(1);
            KeyedStateBackend state = keyedState(summing);

            Exception failure = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> summing.close(TaskState.CANCELED), "close waited for the snapshot write");
            assertThat(failure).isNull();
            assertThat(summing.state()).isEqualTo(TaskState.CANCELED);
            assertThat(state.numEntries()).as("a write still reads the state: it is kept").isEqualTo(KEYS);

            job.runWrites(); // the I/O thread writes from the kept state, then gives it back
            assertThat(job.declined).isEmpty();
            TaskSnapshot written = job.acknowledged.stream().filter(s -> s.taskIndex() == 1).findFirst().orElseThrow();
            OperatorSubtaskState keyed = written.operators().stream().filter(o -> o.keyedFile() != null)
                    .findFirst().orElseThrow();
            assertThat(Files.size(checkpoints.resolve(keyed.keyedFile()))).isEqualTo(keyed.keyedFileBytes()).isPositive();
            assertThat(state.numEntries()).as("given back after the last write").isZero();
        }
    }

    @Test
    void aTaskWithoutWritesInFlightGivesItsStateBackWhenItCloses() throws Exception {
        try (ManualTasks job = sumPerKey(checkpoints)) {
            KeyedStateBackend state = keyedState(job.task(1));
            for (int i = 0; i < 1_000 && state.numEntries() < KEYS; i++) {
                job.round();
            }
            assertThat(state.numEntries()).isEqualTo(KEYS);
            assertThat(job.task(1).close(TaskState.CANCELED)).isNull();
            assertThat(state.numEntries()).isZero();
        }
    }

    @Test
    void aWriteThatFailsAfterTheCloseStillGivesTheStateBack() throws Exception {
        try (ManualTasks job = sumPerKey(checkpoints.resolve("missing"))) { // writes fail: no such directory
            captureWithWritesPending(job);
            KeyedStateBackend state = keyedState(job.task(1));
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> job.task(1).close(TaskState.CANCELED));
            assertThat(state.numEntries()).isEqualTo(KEYS);
            job.runWrites();
            assertThat(job.declined).as("the failed write declines the checkpoint").hasSize(1);
            assertThat(state.numEntries()).isZero();
        }
    }
}
