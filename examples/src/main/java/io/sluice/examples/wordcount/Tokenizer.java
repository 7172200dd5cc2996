package io.sluice.examples.wordcount;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.FlatMapFunction;

import java.util.Locale;
import java.util.regex.Pattern;

/** Splits a line into lower-case words, each with a count of 1. Runs on the operator's worker thread. */
final class Tokenizer implements FlatMapFunction<String, WordCount.Count> {

    private static final long serialVersionUID = 1L;

    /** Anything that is not a letter or a digit separates words. */
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    @Override
    public void flatMap(String line, Collector<WordCount.Count> out) {
        for (String word : SEPARATORS.split(line.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                out.collect(new WordCount.Count(word, 1));
            }
        }
    }
}
