package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.config.StateOptions;
import io.sluice.api.connector.Sink;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import io.sluice.runtime.testing.TransactionalCollectSink;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two runs the window recovery tests put every window layout through, for any job that reads a
 * {@link FailingSequenceSource} and commits labelled results to a {@link TransactionalCollectSink}:
 * injected failures with restores from checkpoints, and a savepoint taken mid-stream and restored at
 * another parallelism and backend. Each ends with the committed results checked exactly.
 */
final class WindowRecoveryScenarios {

    /** Splits of every test's sequence source. */
    static final int SPLITS = 4;

    private WindowRecoveryScenarios() {
    }

    enum Backend {
        HEAP("heap"), OFF_HEAP("offheap");

        final String option;

        Backend(String option) {
            this.option = option;
        }
    }

    /** The job under test, built on an environment: its source, its fault injector (or null) and its sink. */
    @FunctionalInterface
    interface Job {
        void build(StreamEnvironment env, FailingSequenceSource source, FaultInjector faults, Sink<String> sink);
    }

    /** SplitMix64's finaliser: the tests' inputs are pure functions of (seed, sequence number). */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * Runs {@code count} events at parallelism 2 with three injected failures, checkpointing every
     * 40 ms; even seeds use small rings and turns, so firings meet a full output and resume with
     * barriers in between. The job must finish having restored from a checkpoint, with exactly
     * {@code expected} committed and no aborted transaction among the committed ones.
     */
    static void recoverAcrossFailures(Path dir, String name, long seed, long count, Backend backend,
                                      List<String> expected, String context, Job job) throws Exception {
        int failures = 3;
        FaultInjector faults = new FaultInjector(seed, failures, count * 3 / 2, 2);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 40, failures);
        env.config().set(StateOptions.BACKEND, backend.option);
        if (seed % 2 == 0) {
            // small rings and turns: firings meet a full output and resume, with barriers in between
            env.config().set(ExecutionOptions.CHANNEL_CAPACITY, 8).set(ExecutionOptions.BATCH_SIZE, 7);
        }
        job.build(env, new FailingSequenceSource(count, SPLITS, 10, 0), faults, sink);
        JobClient client = env.executeAsync(name + "-recovery");

        assertThat(client.await(Duration.ofMinutes(1)).status()).as(context).isEqualTo(JobStatus.FINISHED);
        assertThat(faults.failuresInjected()).as(context + ": failures injected").isEqualTo(failures);
        // two injected failures may end in one restart: the second thrown by a task that is being cancelled
        assertThat(client.checkpointMetrics().restarts()).as(context + ": restarts").isBetween(1L, (long) failures);
        assertThat(client.checkpointMetrics().lastRestoredId()).as(context + ": restored from a checkpoint").isPositive();
        assertExactly(sink.committed(), expected, context);
        assertThat(sink.aborted()).as("aborted transactions are never the committed ones")
                .doesNotContainAnyElementsOf(sink.committedTransactions());
    }

    /**
     * Runs the job paced at parallelism 2 on {@code from}, stops it with a savepoint far from its end
     * (which must hold state {@code stateName}, showing which operator ran: {@code operatorRan}), and
     * finishes it from the savepoint at {@code parallelism} on {@code to} into the same external
     * system: exactly {@code expected} committed by the second run.
     */
    static void savepointAndRescale(Path dir, String name, long count, Backend from, Backend to, int parallelism,
                                    String stateName, String operatorRan, List<String> expected, String context,
                                    Job job) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        // paced so that the job is far from its end when the savepoint is taken
        FailingSequenceSource source = new FailingSequenceSource(count, SPLITS, 2, 0);
        String store = UUID.randomUUID().toString();
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20))
                .set(StateOptions.BACKEND, from.option);
        job.build(env, source, null, first);
        JobClient client = env.executeAsync(name + "-p2");
        assertThat(source.awaitEmitted(4_096, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(client.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(client.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(first.committed()).as(context + ": the first run ended mid-stream").isNotEmpty()
                .hasSizeLessThan(expected.size() / 2);
        assertThat(savepointHolds(savepoint, stateName)).as(operatorRan).isTrue();

        TransactionalCollectSink second = new TransactionalCollectSink(store); // the same external system
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(StateOptions.BACKEND, to.option);
        job.build(again, new FailingSequenceSource(count, SPLITS, 1_000, 0), null, second);
        JobClient restored = again.executeAsync(name + "-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).as(context).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();

        assertExactly(second.committed(), expected, context);
    }

    /** Every expected line committed exactly once, and nothing else: missing and extra lines are listed. */
    static void assertExactly(List<String> committed, List<String> expected, String context) {
        List<String> actual = new ArrayList<>(committed);
        actual.sort(null);
        List<String> missing = new ArrayList<>(expected);
        for (String s : actual) {
            missing.remove(s);
        }
        List<String> extra = new ArrayList<>(actual);
        for (String s : expected) {
            extra.remove(s);
        }
        assertThat(missing).as("%s: results missing (of %d expected)", context, expected.size()).isEmpty();
        assertThat(extra).as("%s: results not expected or repeated (of %d committed)", context, actual.size()).isEmpty();
    }

    /** Whether some file of the savepoint contains {@code name} (a state's name is written in its snapshot). */
    static boolean savepointHolds(Path savepoint, String name) throws Exception {
        byte[] needle = name.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(savepoint)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                byte[] bytes = Files.readAllBytes(f);
                outer:
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (bytes[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
