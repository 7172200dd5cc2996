package io.sluice.runtime.it;

import io.sluice.api.JobFailedException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.StateOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Off-heap keyed state goes back when the job ends, whether it finishes or fails: seen through the
 * spill file of state larger than its budget, which exists while the job runs and is deleted when
 * the backend is closed.
 */
class KeyedStateLifecycleTest {

    /** Whether a spill file existed while the last element was processed. */
    static final java.util.concurrent.atomic.AtomicBoolean SPILLING = new java.util.concurrent.atomic.AtomicBoolean();

    /** Keeps a 200-byte string per key, and fails on {@code failAt} if given. */
    static final class Remember extends KeyedProcessFunction<Long, Long, Long> {
        private final long failAt;
        private final String dir;
        private transient ValueState<String> seen;

        Remember(long failAt, Path dir) {
            this.failAt = failAt;
            this.dir = dir.toString();
        }

        @Override
        public void open(RuntimeContext ctx) {
            seen = ctx.getState(new ValueStateDescriptor<>("seen", String.class));
        }

        @Override
        public void processElement(Long x, Context ctx, Collector<Long> out) throws Exception {
            if (x == failAt) {
                throw new IllegalStateException("element " + x + " is poison");
            }
            seen.update("y".repeat(200) + x);
            if (x == 14_999) {
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    SPILLING.set(s.anyMatch(p -> p.toString().endsWith(".spill")));
                }
            }
            out.collect(x);
        }
    }

    private static StreamEnvironment env(Path dir) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.set(StateOptions.MEMORY_PER_TASK, 1L << 20);
        env.set(StateOptions.SPILL_TO_DISK, true);
        env.set(StateOptions.DIRECTORY, dir.toString());
        return env;
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void stateBeyondItsBudgetSpillsAndIsReleasedWhenTheJobFinishes(@TempDir Path dir) throws Exception {
        StreamEnvironment env = env(dir);
        CollectSink<Long> sink = new CollectSink<>();
        SPILLING.set(false);
        env.fromSequence(0, 19_999).keyBy(x -> x).process(new Remember(-1, dir)).sinkTo(sink);
        env.execute("spilling");

        assertThat(sink.size()).isEqualTo(20_000);
        assertThat(SPILLING).as("a spill file existed while the job ran").isTrue();
        assertThat(files(dir)).as("spill file deleted with the state").isEmpty();
    }

    @Test
    void stateIsReleasedWhenTheJobFails(@TempDir Path dir) throws Exception {
        StreamEnvironment env = env(dir);
        SPILLING.set(false);
        env.fromSequence(0, 19_999).keyBy(x -> x).process(new Remember(15_000, dir)).sinkTo(new CollectSink<>());

        assertThatThrownBy(() -> env.execute("failing")).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("poison");
        assertThat(SPILLING).as("a spill file existed while the job ran").isTrue();
        assertThat(files(dir)).as("spill file deleted with the state").isEmpty();
    }
}
