package io.sluice.examples.classic;

import io.sluice.api.JobStatus;
import io.sluice.api.StreamEnvironment;
import io.sluice.examples.common.UsageException;
import io.sluice.examples.testing.CapturedStdout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CSV job under the runtime: its whole output equals the tables computed by brute force over
 * the input's lines, for the bundled data.csv and for random files, at several parallelisms.
 */
class CsvAggregationTest {

    static final Path BUNDLED = CsvOracle.BUNDLED;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}, {1} schema")
    @CsvSource({"1, declared", "2, declared", "3, inferred"})
    void shouldPrintEveryTableOfTheBundledFileAsComputedByBruteForce(int parallelism, String schema) throws Exception {
        List<String> lines = Files.readAllLines(BUNDLED);

        String printed = run(parallelism, "--input", BUNDLED.toString(), "--schema", schema);

        assertThat(printed).isEqualTo(CsvOracle.expectedOutput(lines));
        assertThat(lines).as("the bundled file: a header and 150 rows").hasSize(151);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void shouldPrintEveryTableOfARandomFileAsComputedByBruteForce(long seed) throws Exception {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(List.of("category,status,value"));
        String[] categories = {"books", "toys", "garden", "a-much-longer-category-name", "food"};
        String[] statuses = {"active", "inactive", "pending"};
        int rows = 1 + random.nextInt(300);
        for (int i = 0; i < rows; i++) {
            lines.add(categories[random.nextInt(categories.length)] + "," + statuses[random.nextInt(statuses.length)]
                    + "," + (random.nextInt(41) - 10));
        }
        Path input = Files.write(dir.resolve("random-" + seed + ".csv"), lines);

        String printed = run(2, "--input", input.toString());

        assertThat(printed).isEqualTo(CsvOracle.expectedOutput(lines));
    }

    @Test
    void shouldRefuseAMissingInputFileNamingIt() {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> new CsvAggregation().define(StreamEnvironment.create(),
                new String[] {"--input", missing.toString()}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("nope.csv")
                .hasMessageContaining("usage: CsvAggregation");
    }

    @Test
    void shouldRefuseAnUnknownSchemaChoice() {
        assertThatThrownBy(() -> new CsvAggregation().define(StreamEnvironment.create(),
                new String[] {"--input", BUNDLED.toString(), "--schema", "guess"}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--schema is 'declared' or 'inferred', got 'guess'");
    }

    @Test
    void shouldRefuseAnInferredSchemaWithoutWholeNumberValues() throws Exception {
        Path decimals = Files.writeString(dir.resolve("decimals.csv"), "category,status,value\nbooks,active,1.5\n");

        assertThatThrownBy(() -> new CsvAggregation().define(StreamEnvironment.create(),
                new String[] {"--input", decimals.toString(), "--schema", "inferred"}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("category STRING, status STRING, value DECIMAL");
    }

    private static String run(int parallelism, String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        new CsvAggregation().define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            assertThat(env.executeAsync("csv-aggregation").await(Duration.ofSeconds(30)).status())
                    .isEqualTo(JobStatus.FINISHED);
            return out.text();
        }
    }
}
