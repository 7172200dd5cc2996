package io.sluice.runtime.checkpoint;

import io.sluice.api.JobClient;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.runtime.testing.FailingSequenceSource;
import io.sluice.runtime.testing.FaultInjector;
import io.sluice.runtime.testing.TransactionalCollectSink;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million records through a keyed job at parallelism 2 while tasks fail at random moments (a
 * random task of the source chain or of the keyed chain, at least five times): the committed output
 * is exactly the expected one, and every key's sequence numbers have no gap and no repeat.
 */
class RandomFaultInjectionTest {

    private static final long COUNT = 1_000_000;
    private static final int KEYS = 100;
    private static final int FAILURES = 6;

    @TempDir
    Path checkpoints;

    /** Numbers each key's values; fails at site 1 when the injector says so. */
    static final class Sequencer extends KeyedProcessFunction<Long, Long, String> {
        private final FaultInjector faults;
        private transient ValueState<Long> seq;

        Sequencer(FaultInjector faults) {
            this.faults = faults;
        }

        @Override
        public void open(RuntimeContext ctx) {
            seq = ctx.getState(new ValueStateDescriptor<>("seq", Long.class));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            faults.step(1);
            long n = seq.value() == null ? 1 : seq.value() + 1;
            seq.update(n);
            out.collect(ctx.getCurrentKey() + ":" + n + ":" + value);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    void committedOutputIsExactlyTheExpectedOneDespiteRandomFailures(long seed) throws Exception {
        FaultInjector faults = new FaultInjector(seed, FAILURES, 2 * COUNT, 2);
        TransactionalCollectSink sink = new TransactionalCollectSink();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        RecoveryConfig.checkpointedWithRestarts(env, checkpoints, 50, FAILURES);
        env.fromSource(new FailingSequenceSource(COUNT, 4, 400, 0), WatermarkStrategy.noWatermarks(), "sequence")
                .map(v -> {
                    faults.step(0);
                    return v;
                })
                .keyBy(v -> v % KEYS)
                .process(new Sequencer(faults))
                .sinkTo(sink);
        JobClient job = env.executeAsync("random-faults");
        assertThat(job.await(Duration.ofMinutes(3)).status()).isEqualTo(JobStatus.FINISHED);
        assertThat(faults.failuresInjected()).isEqualTo(FAILURES);
        assertThat(job.checkpointMetrics().restarts()).isEqualTo(FAILURES);

        List<String> committed = sink.committed();
        assertThat(committed).hasSize((int) COUNT);
        Map<Long, Long> lastSeq = new HashMap<>();
        boolean[] seen = new boolean[(int) COUNT];
        committed.sort((a, b) -> {
            String[] x = a.split(":");
            String[] y = b.split(":");
            int byKey = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
            return byKey != 0 ? byKey : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
        });
        for (String line : committed) {
            String[] p = line.split(":");
            long key = Long.parseLong(p[0]);
            long n = Long.parseLong(p[1]);
            int value = Integer.parseInt(p[2]);
            assertThat(n).as("sequence of key %d", key).isEqualTo(lastSeq.getOrDefault(key, 0L) + 1);
            lastSeq.put(key, n);
            assertThat(value % KEYS).isEqualTo(key);
            assertThat(seen[value]).as("value %d committed once", value).isFalse();
            seen[value] = true;
        }
        assertThat(lastSeq).hasSize(KEYS);
        assertThat(lastSeq.values()).allMatch(n -> n == COUNT / KEYS);
        assertThat(sink.aborted()).as("aborted transactions are never the committed ones")
                .doesNotContainAnyElementsOf(sink.committedTransactions());
    }
}
