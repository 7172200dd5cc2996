package io.sluice.examples;

import io.sluice.api.Job;
import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.examples.fraud.FraudDetection;
import io.sluice.examples.rate.RateAverage;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.examples.wordcount.WordCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples under the runtime found on the test classpath (through {@code execute}, no runtime imports). */
class ExamplesRuntimeTest {

    @Test
    void shouldCountWordsInParallel(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "b a b\nA c b\n\nc");

        List<String> lines = run(new WordCount(), 2, "--input", input.toString());

        Map<String, Long> last = new HashMap<>();
        for (String line : lines) {
            assertThat(line).matches("[12]> \\(\\w+,\\d+\\)");
            String[] wordAndCount = line.substring(4, line.length() - 1).split(",");
            last.merge(wordAndCount[0], Long.parseLong(wordAndCount[1]), Math::max);
        }
        assertThat(lines).hasSize(7);
        assertThat(last).isEqualTo(Map.of("a", 2L, "b", 3L, "c", 2L));
    }

    @Test
    void shouldPrintRunningAveragesAndEndWithTheFinalOne() throws Exception {
        List<String> lines = run(new RateAverage(), 2, "--rows-per-second", "400", "--seconds", "1");

        assertThat(lines).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("final rows=400 avg=199.5");
        assertThat(lines.subList(0, lines.size() - 1))
                .allSatisfy(line -> assertThat(line).matches("rows=\\d+ avg=\\d+\\.\\d"));
    }

    @Test
    void shouldListBothJobsForServiceLoading() {
        assertThat(ServiceLoader.load(Job.class).stream().map(p -> p.type().getName()))
                .containsExactlyInAnyOrder(WordCount.class.getName(), RateAverage.class.getName(),
                        FraudDetection.class.getName());
    }

    private static List<String> run(Job job, int parallelism, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        job.define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(env.executeAsync("example-it").await(Duration.ofSeconds(60)).status())
                    .isEqualTo(JobStatus.FINISHED);
            return out.lines();
        }
    }
}
