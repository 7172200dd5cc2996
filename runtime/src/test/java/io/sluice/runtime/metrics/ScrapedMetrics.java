package io.sluice.runtime.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The samples of one scrape in the Prometheus text format (0.0.4), parsed independently of the
 * client library: {@code name{label="value",...} value}, with {@code \\}, {@code \"} and {@code \n}
 * escapes in label values.
 */
final class ScrapedMetrics {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples;

    private ScrapedMetrics(String text, List<Sample> samples) {
        this.text = text;
        this.samples = samples;
    }

    static ScrapedMetrics scrape(RuntimeMetrics metrics) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(null, out);
        return parse(out.toString(StandardCharsets.UTF_8));
    }

    static ScrapedMetrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            samples.add(parseLine(line));
        }
        return new ScrapedMetrics(text, samples);
    }

    private static Sample parseLine(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                assertThat(line.charAt(eq + 1)).as("quote opening a label value in: %s", line).isEqualTo('"');
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    String text() {
        return text;
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (Sample s : samples) {
            names.add(s.name());
        }
        return names;
    }

    /** The samples of {@code name} whose labels include every given {@code label, value} pair. */
    List<Sample> find(String name, String... labelPairs) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name().equals(name) && matches(s.labels(), labelPairs)) {
                found.add(s);
            }
        }
        return found;
    }

    /** The value of the one sample of {@code name} with these labels; fails if there is none or several. */
    double value(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        assertThat(found).as("samples of %s with %s", name, List.of(labelPairs)).hasSize(1);
        return found.get(0).value();
    }

    /** The sum over every sample of {@code name} with these labels (every subtask, say). */
    double sum(String name, String... labelPairs) {
        List<Sample> found = find(name, labelPairs);
        assertThat(found).as("samples of %s with %s", name, List.of(labelPairs)).isNotEmpty();
        return found.stream().mapToDouble(Sample::value).sum();
    }

    private static boolean matches(Map<String, String> labels, String... labelPairs) {
        for (int k = 0; k < labelPairs.length; k += 2) {
            if (!labelPairs[k + 1].equals(labels.get(labelPairs[k]))) {
                return false;
            }
        }
        return true;
    }
}
