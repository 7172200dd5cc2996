package io.sluice.runtime.checkpoint;

import io.sluice.api.AsyncDataStream;
import io.sluice.api.DataStream;
import io.sluice.api.JobClient;
import io.sluice.api.JobResult;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.CheckpointingOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import io.sluice.runtime.testing.SimulatedLookup;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inputs of an async operator's open requests are checkpoint state: with failures injected in
 * the source and in the service's answers, and across a savepoint restored at another parallelism
 * while requests were open, every input's result is committed exactly once.
 */
class AsyncRecoveryTest {

    @TempDir
    Path dir;

    private static List<String> expected(long count) {
        List<String> out = new ArrayList<>();
        for (long v = 0; v < count; v++) {
            out.add("r" + v);
        }
        out.sort(null);
        return out;
    }

    private static DataStream<String> lookup(DataStream<Long> input, SimulatedLookup service, boolean ordered) {
        DataStream<String> out = ordered
                ? AsyncDataStream.orderedWait(input, service, 10, TimeUnit.SECONDS, 16)
                : AsyncDataStream.unorderedWait(input, service, 10, TimeUnit.SECONDS, 16);
        return out.uid("lookup").name("lookup");
    }

    @ParameterizedTest(name = "ordered {0}, seed {1}, unaligned {2}")
    @CsvSource({"true, 1, false", "false, 2, false", "false, 3, true", "true, 4, true"})
    void everyResultIsCommittedExactlyOnceAcrossInjectedFailures(boolean ordered, long seed, boolean unaligned)
            throws Exception {
        long count = 20_000;
        int sourceFailures = 2;
        int serviceFailures = 2;
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 20, sourceFailures);
        FaultInjector faults = new FaultInjector(seed, serviceFailures, count, 1);
        SimulatedLookup service = new SimulatedLookup().delays(0, 2_000).withFaults(faults);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, dir, 50, sourceFailures + serviceFailures);
        if (unaligned) {
            env.config().set(CheckpointingOptions.MODE, CheckpointingOptions.CheckpointMode.UNALIGNED);
        }
        DataStream<Long> input = env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence");
        if (seed == 1) {
            input.returns(Long.class); // inputs in flight written by the declared serializer, else with their class
        }
        lookup(input, service, ordered).sinkTo(sink);
        JobClient job = env.executeAsync("async-with-failures");
        JobResult result = job.await(Duration.ofMinutes(2));

        assertThat(result.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(source.failuresLeft()).as("every failure of the source happened").isLessThanOrEqualTo(0);
        assertThat(faults.failuresInjected()).as("every failure of the service happened").isEqualTo(serviceFailures);
        // Each source failure needs an attempt of its own (it fails after two checkpoints of the attempt),
        // but a service failure can land in the attempt a source failure is already ending: the second
        // failure is suppressed into the first, and one restart covers both.
        assertThat(job.checkpointMetrics().restarts()).as("restarts (one per failed attempt)")
                .isBetween((long) sourceFailures, (long) (sourceFailures + serviceFailures));
        List<String> committed = sink.committed();
        committed.sort(null);
        assertThat(committed).isEqualTo(expected(count));
    }

    @ParameterizedTest(name = "restored at parallelism {0}")
    @ValueSource(ints = {1, 3})
    void openRequestsOfASavepointAreRequestedAgainAtAnotherParallelism(int parallelism) throws Exception {
        long count = 12_000;
        Path savepoint = dir.resolve("savepoint");
        String store = java.util.UUID.randomUUID().toString();
        // a slow service and a paced source: about 16 requests open per subtask whenever the savepoint comes
        FailingSequenceSource source = new FailingSequenceSource(count, 4, 1, 0);
        SimulatedLookup first = new SimulatedLookup().delays(5_000, 15_000);
        TransactionalCollectSink firstSink = new TransactionalCollectSink(store);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.config().set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString())
                .set(CheckpointingOptions.INTERVAL, Duration.ofMillis(20));
        lookup(env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence"), first, false)
                .sinkTo(firstSink);
        JobClient job = env.executeAsync("async-savepoint-p2");
        assertThat(source.awaitEmitted(1_024, Duration.ofSeconds(30))).as("the job makes progress").isTrue();
        assertThat(job.stopWithSavepoint(savepoint).get()).isEqualTo(savepoint);
        assertThat(job.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(firstSink.committed()).hasSizeLessThan((int) count);

        SimulatedLookup second = new SimulatedLookup().delays(0, 500);
        TransactionalCollectSink secondSink = new TransactionalCollectSink(store);
        StreamEnvironment again = StreamEnvironment.create().setParallelism(parallelism);
        again.config().set(CheckpointingOptions.RESTORE_FROM, savepoint.toString())
                .set(CheckpointingOptions.DIRECTORY, dir.resolve("checkpoints").toString());
        lookup(again.fromSource(new FailingSequenceSource(count, 4, 1_000, 0), WatermarkStrategy.noWatermarks(),
                "sequence").uid("sequence"), second, false).sinkTo(secondSink);
        JobClient restored = again.executeAsync("async-savepoint-p" + parallelism);
        assertThat(restored.await(Duration.ofSeconds(60)).status()).isEqualTo(JobStatus.FINISHED);

        // the restored sources go on after the savepoint's positions: what both runs asked for
        // was open at the savepoint, and came back from the operator's state
        Set<Long> askedTwice = new HashSet<>(first.asked());
        askedTwice.retainAll(second.asked());
        assertThat(askedTwice).as("requests open at the savepoint, requested again").isNotEmpty();
        List<String> committed = secondSink.committed();
        committed.sort(null);
        assertThat(committed).isEqualTo(expected(count));
    }
}
