package io.sluice.benchmarks.pipeline;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.connectors.datagen.DataGenSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Word count as the example job does it: words from a 10,000-word vocabulary, keyBy(word), a rolling
 * count with {@code sum("count")} in keyed state (heap backend), into a counting sink. Events per
 * second over 2 million words per job.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+AlwaysPreTouch",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class WordCountBenchmark {

    static final long WORDS = 2_000_000;
    static final String[] VOCABULARY = new String[10_000];

    static {
        for (int i = 0; i < VOCABULARY.length; i++) {
            VOCABULARY[i] = "word" + i;
        }
    }

    /** A word and its running count. */
    public record Count(String word, long count) {
    }

    @Param({"1", "2"})
    public int parallelism;

    @Benchmark
    @OperationsPerInvocation(2_000_000)
    public long run() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.set(ExecutionOptions.WORKERS, 2);
        CountingSink.COUNT.reset();
        env.fromSource(DataGenSource.of(i -> VOCABULARY[(int) (i % VOCABULARY.length)], WORDS),
                        WatermarkStrategy.noWatermarks(), "words")
                .map(w -> new Count(w, 1)).returns(Count.class)
                .keyBy(Count::word)
                .sum("count")
                .sinkTo(new CountingSink<>());
        env.execute("word-count");
        if (CountingSink.COUNT.sum() != WORDS) {
            throw new IllegalStateException("sink saw " + CountingSink.COUNT.sum() + " of " + WORDS);
        }
        return CountingSink.COUNT.sum();
    }
}
