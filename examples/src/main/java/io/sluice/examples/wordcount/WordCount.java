package io.sluice.examples.wordcount;

import io.sluice.api.Job;
import io.sluice.api.StreamEnvironment;
import io.sluice.connectors.console.ConsoleSink;
import io.sluice.examples.common.Flags;
import io.sluice.examples.common.Launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The classic streaming word count: splits lines into lower-case words and prints, after each word,
 * its running count as {@code (word,count)}, prefixed by the printing subtask when parallel.
 *
 * <pre>
 * WordCount [--input PATH]
 * </pre>
 *
 * Counts the lines of the file {@code PATH} (read whole when the job is defined, so meant for small
 * files), or a built-in text.
 */
public final class WordCount implements Job {

    static final String USAGE = "usage: WordCount [--input PATH]"
            + "\n  --input PATH  a UTF-8 text file whose words to count (default: a built-in text)";

    /** A word and how many times it was seen so far. */
    public record Count(String word, long count) {
    }

    public static void main(String[] args) throws Exception {
        Launcher.run(new WordCount(), "word-count", args);
    }

    @Override
    public void define(StreamEnvironment env, String[] args) throws Exception {
        Flags flags = Flags.parse(args, USAGE, "input");
        List<String> lines = flags.has("input") ? readLines(flags, flags.get("input", null)) : SampleText.LINES;

        // The declared type lets the rolling sum keep each word's Count in keyed state.
        env.fromCollection(lines).name("lines")
                .flatMap(new Tokenizer()).name("tokenize").returns(Count.class)
                .keyBy(Count::word)
                .sum("count")
                .sinkTo(ConsoleSink.<Count>stdout().withFormatter(c -> "(" + c.word() + "," + c.count() + ")"))
                .name("print");
    }

    private static List<String> readLines(Flags flags, String input) throws IOException {
        Path path = Path.of(input);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw flags.usageError("input file '" + path.toAbsolutePath() + "' does not exist or cannot be read;"
                    + " pass a readable text file with --input");
        }
        return Files.readAllLines(path, StandardCharsets.UTF_8);
    }
}
