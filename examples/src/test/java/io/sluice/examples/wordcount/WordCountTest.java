package io.sluice.examples.wordcount;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.examples.common.UsageException;
import io.sluice.examples.testing.CapturedStdout;
import io.sluice.examples.testing.LinearJobRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WordCountTest {

    @Test
    void shouldPrintTheRunningCountOfEachWordOfTheInputFile(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "Big data, BIG deal\n\ndata-flow",
                StandardCharsets.UTF_8);

        List<String> lines = run("--input", input.toString());

        assertThat(lines).containsExactly("(big,1)", "(data,1)", "(big,2)", "(deal,1)", "(data,2)", "(flow,1)");
    }

    @Test
    void shouldEndWithTheTotalCountOfEveryWordOfTheBuiltInText() throws Exception {
        Map<String, Long> expected = new HashMap<>();
        for (String line : SampleText.LINES) {
            for (String word : line.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
                if (!word.isEmpty()) {
                    expected.merge(word, 1L, Long::sum);
                }
            }
        }

        List<String> lines = run();

        Map<String, Long> last = new HashMap<>();
        for (String line : lines) {
            String[] parts = line.substring(1, line.length() - 1).split(",");
            long count = Long.parseLong(parts[1]);
            assertThat(count).as("running count of '%s'", parts[0]).isEqualTo(last.getOrDefault(parts[0], 0L) + 1);
            last.put(parts[0], count);
        }
        assertThat(last).isEqualTo(expected);
        assertThat(last.get("the")).isEqualTo(19);
    }

    @Test
    void shouldSplitIntoLowerCaseWordsOfLettersAndDigits() throws Exception {
        List<WordCount.Count> words = new ArrayList<>();

        new Tokenizer().flatMap("  Élan, 42 flesh—Is heir's\t", words::add);

        assertThat(words).extracting(WordCount.Count::word).containsExactly("élan", "42", "flesh", "is", "heir", "s");
        assertThat(words).extracting(WordCount.Count::count).containsOnly(1L);
    }

    @Test
    void shouldDeclareTheKeyedStreamsTypeForTheRollingSumsState() throws Exception {
        StreamEnvironment env = StreamEnvironment.create();

        new WordCount().define(env, new String[0]);

        assertThat(env.transformations()).filteredOn(t -> t instanceof PartitionTransformation<?>)
                .singleElement()
                .satisfies(keyBy -> assertThat(keyBy.outputSerializer()).isNotNull());
    }

    @Test
    void shouldRefuseAMissingInputFileNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.txt");

        assertThatThrownBy(() -> new WordCount().define(StreamEnvironment.create(),
                new String[] {"--input", missing.toString()}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("nope.txt")
                .hasMessageContaining("usage: WordCount");
    }

    @Test
    void shouldRefuseAnUnknownFlag() {
        assertThatThrownBy(() -> new WordCount().define(StreamEnvironment.create(), new String[] {"--in", "x"}))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown flag '--in'");
    }

    private static List<String> run(String... args) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        new WordCount().define(env, args);
        try (CapturedStdout out = new CapturedStdout()) {
            new LinearJobRunner(0).run(env, 100_000);
            return out.lines();
        }
    }
}
