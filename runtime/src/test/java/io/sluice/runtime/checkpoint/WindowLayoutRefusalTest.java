package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobFailedException;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.connector.Sink;
import io.sluice.runtime.operators.window.SessionWindowOperator;
import io.sluice.runtime.operators.window.SlicingWindowOperator;
import io.sluice.runtime.operators.window.WindowOperator;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code execution.window-slicing} picks how windows keep their state (slices or session records
 * when on, {@link WindowOperator}'s contents per window when off), and neither reads the other's: a
 * savepoint taken with one setting and restored with the other fails the job in one line that names
 * the setting and the value to restore it with, instead of starting with empty windows; the same
 * savepoint restored with the setting it was taken with finishes with exactly the expected results.
 */
class WindowLayoutRefusalTest {

    private static final int SPLITS = WindowRecoveryScenarios.SPLITS;
    private static final long COUNT = 12_000;

    @TempDir
    Path dir;

    /** A windowed job over the deterministic input of a recovery test, with what it must commit in all. */
    enum Windows {
        SLIDING_REDUCE {
            @Override
            void build(StreamEnvironment env, long seed, FailingSequenceSource source, Sink<String> sink) {
                SlicedWindowRecoveryTest.build(env, seed, source, null, SlicedWindowRecoveryTest.Shape.SLIDING_250_BY_50,
                        SlicedWindowRecoveryTest.Fn.REDUCE, sink);
            }

            @Override
            List<String> expected(long seed) {
                return SlicedWindowRecoveryTest.oracle(seed, COUNT, SlicedWindowRecoveryTest.Shape.SLIDING_250_BY_50);
            }

            @Override
            String stateWhenSliced() {
                return SlicingWindowOperator.SLICES;
            }
        },
        SESSION_REDUCE {
            @Override
            void build(StreamEnvironment env, long seed, FailingSequenceSource source, Sink<String> sink) {
                SessionWindowRecoveryTest.build(env, seed, source, null, 20, SessionWindowRecoveryTest.Fn.REDUCE, sink);
            }

            @Override
            List<String> expected(long seed) {
                return SessionWindowRecoveryTest.oracle(seed, COUNT, 20, SessionWindowRecoveryTest.Fn.REDUCE);
            }

            @Override
            String stateWhenSliced() {
                return SessionWindowOperator.SESSIONS;
            }
        };

        abstract void build(StreamEnvironment env, long seed, FailingSequenceSource source, Sink<String> sink);

        abstract List<String> expected(long seed);

        /** The state the savepoint holds when taken with window slicing on. */
        abstract String stateWhenSliced();

        String stateOf(boolean slicing) {
            return slicing ? stateWhenSliced() : WindowOperator.CONTENTS;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Windows.SLIDING_REDUCE, true, 41L),
                Arguments.of(Windows.SLIDING_REDUCE, false, 42L),
                Arguments.of(Windows.SESSION_REDUCE, true, 43L),
                Arguments.of(Windows.SESSION_REDUCE, false, 44L));
    }

    @ParameterizedTest(name = "{0}, taken with window slicing {1}, seed {2}")
    @MethodSource("cases")
    void aSavepointIsRefusedWithTheOtherSettingAndFinishesExactlyWithItsOwn(Windows windows, boolean slicing, long seed)
            throws Exception {
        String setting = ExecutionOptions.WINDOW_SLICING.key() + "=" + slicing;
        String context = windows + " taken with " + setting + ", seed " + seed;
        String store = UUID.randomUUID().toString();
        Path savepoint = savepointMidStream(windows, slicing, seed, store);
        assertThat(WindowRecoveryScenarios.savepointHolds(savepoint, windows.stateOf(slicing)))
                .as(context + ": the savepoint holds the state of the layout it was taken with").isTrue();
        assertThat(WindowRecoveryScenarios.savepointHolds(savepoint, windows.stateOf(!slicing)))
                .as(context + ": the savepoint holds no state of the other layout").isFalse();

        // restored with the other setting: refused, naming the setting to restore it with
        String refusedStore = UUID.randomUUID().toString();
        JobClient refused = restore(windows, !slicing, seed, savepoint, new TransactionalCollectSink(refusedStore));
        Throwable failure = catchThrowable(() -> refused.await(Duration.ofSeconds(30)));
        assertThat(failure).as(context + ": restored with the other setting").isInstanceOf(JobFailedException.class);
        assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause.getMessage()).as(context + ": why the restore was refused")
                .contains(setting)
                .contains("restore it with " + setting)
                .contains("window")
                .doesNotContain("\n");
        assertThat(new TransactionalCollectSink(refusedStore).committed()).as(context + ": output of the refused job")
                .isEmpty();

        // restored with its own setting: finishes, the first run's and this run's results exactly the expected ones
        TransactionalCollectSink second = new TransactionalCollectSink(store);
        JobClient restored = restore(windows, slicing, seed, savepoint, second);
        assertThat(restored.await(Duration.ofSeconds(30)).status()).as(context).isEqualTo(JobStatus.FINISHED);
        assertThat(restored.checkpointMetrics().lastRestoredId()).isPositive();
        WindowRecoveryScenarios.assertExactly(second.committed(), windows.expected(seed), context);
    }

    /** Runs the job with {@code slicing} and stops it with a savepoint mid-stream; its output goes to {@code store}. */
    private Path savepointMidStream(Windows windows, boolean slicing, long seed, String store) throws Exception {
        Path savepoint = dir.resolve("savepoint");
        FailingSequenceSource source = new FailingSequenceSource(COUNT, SPLITS, 2, 0);
        TransactionalCollectSink first = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20))
                .set(ExecutionOptions.WINDOW_SLICING, slicing);
        windows.build(env, seed, source, first);
        JobClient job = env.executeAsync("window-layout-" + slicing);
        assertThat(source.awaitEmitted(2_048, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(first.committed()).as("the first run ended mid-stream")
                .hasSizeLessThan(windows.expected(seed).size() / 2);
        return savepoint;
    }

    private JobClient restore(Windows windows, boolean slicing, long seed, Path savepoint, Sink<String> sink)
            throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(ExecutionOptions.WINDOW_SLICING, slicing);
        windows.build(env, seed, new FailingSequenceSource(COUNT, SPLITS, 1_000, 0), sink);
        return env.executeAsync("window-layout-restored-" + slicing);
    }
}
