package io.sluice.examples.rate;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.connectors.datagen.RateSource;
import io.sluice.examples.common.UsageException;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.examples.testing.LinearJobRunner;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateAverageTest {

    private static final long START_MS = 1_700_000_000_000L;

    @Test
    void shouldPrintTheAverageEverySecondAndAFinalLineAtTheEnd() throws Exception {
        List<String> lines = run(START_MS, "--rows-per-second", "10", "--seconds", "3");

        // Rows 0..29 are due every 100 ms from the start; a report sees the rows due before it.
        assertThat(lines).containsExactly("rows=10 avg=4.5", "rows=20 avg=9.5", "final rows=30 avg=14.5");
    }

    @Test
    void shouldReportOnWholeSecondsOfProcessingTime() throws Exception {
        List<String> lines = run(START_MS + 500, "--rows-per-second", "4", "--seconds", "2");

        // Rows at +0, +250, +500 (= the first whole second: reported before that row), +750, ...
        assertThat(lines).containsExactly("rows=2 avg=0.5", "rows=6 avg=2.5", "final rows=8 avg=3.5");
    }

    @Test
    void shouldBoundTheSourceToRowsPerSecondTimesSeconds() throws Exception {
        StreamEnvironment env = StreamEnvironment.create();

        new RateAverage().define(env, new String[] {"--rows-per-second", "7", "--seconds", "3"});

        SourceTransformation<?> source = (SourceTransformation<?>) env.transformations().get(0);
        RateSource rate = (RateSource) source.source();
        assertThat(rate.rowsPerSecond()).isEqualTo(7);
        assertThat(rate.totalRows()).isEqualTo(21);
        assertThat(source.watermarkStrategy().emitsWatermarks()).isTrue();
    }

    @Test
    void shouldDefaultToOneHundredRowsPerSecondForTenSeconds() throws Exception {
        StreamEnvironment env = StreamEnvironment.create();

        new RateAverage().define(env, new String[0]);

        RateSource rate = (RateSource) ((SourceTransformation<?>) env.transformations().get(0)).source();
        assertThat(rate.rowsPerSecond()).isEqualTo(100);
        assertThat(rate.totalRows()).isEqualTo(1000);
    }

    @Test
    void shouldRefuseBadArgumentsWithTheUsage() {
        assertThatThrownBy(() -> define("--seconds", "0"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("'--seconds' must be at least 1")
                .hasMessageContaining("usage: RateAverage");
        assertThatThrownBy(() -> define("--rate", "5"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown flag '--rate'");
        assertThatThrownBy(() -> define("--rows-per-second", String.valueOf(Long.MAX_VALUE), "--seconds", "2"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("overflows");
    }

    private static void define(String... args) {
        new RateAverage().define(StreamEnvironment.create(), args);
    }

    private static List<String> run(long startMs, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        new RateAverage().define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            new LinearJobRunner(startMs).run(env, 1_000_000);
            return out.lines();
        }
    }
}
