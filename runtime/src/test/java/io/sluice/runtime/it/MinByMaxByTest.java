package io.sluice.runtime.it;

import io.sluice.api.StreamEnvironment;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** minBy and maxBy, by field and by extractor, against a brute-force oracle on input full of ties. */
class MinByMaxByTest {

    /** {@code seq} tells apart readings of equal level: which of the tied ones was kept. */
    record Reading(String sensor, int seq, int level, double value) {
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void shouldEmitTheWholeElementWithTheExtremeValueSoFarAndTheFirstOneOnTies(long seed) throws Exception {
        Random random = new Random(seed);
        List<Reading> input = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            // Few distinct values per sensor: ties are everywhere.
            input.add(new Reading("s" + random.nextInt(7), i, random.nextInt(5), random.nextInt(4) * 0.5 - 0.5));
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectSink<Reading> minByField = new CollectSink<>();
        CollectSink<Reading> maxByField = new CollectSink<>();
        CollectSink<Reading> minByExtractor = new CollectSink<>();
        CollectSink<Reading> maxByExtractor = new CollectSink<>();
        env.fromCollection(input).keyBy(Reading::sensor).minBy("level").sinkTo(minByField);
        env.fromCollection(input).keyBy(Reading::sensor).maxBy("level").sinkTo(maxByField);
        env.fromCollection(input).keyBy(Reading::sensor).minBy(Reading::value).sinkTo(minByExtractor);
        env.fromCollection(input).keyBy(Reading::sensor).maxBy(Reading::value).sinkTo(maxByExtractor);
        env.execute("min-by-max-by");

        Comparator<Reading> byLevel = Comparator.comparingInt(Reading::level);
        Comparator<Reading> byValue = Comparator.comparingDouble(Reading::value);
        assertThat(perSensor(minByField.values())).isEqualTo(oracle(input, byLevel));
        assertThat(perSensor(maxByField.values())).isEqualTo(oracle(input, byLevel.reversed()));
        assertThat(perSensor(minByExtractor.values())).isEqualTo(oracle(input, byValue));
        assertThat(perSensor(maxByExtractor.values())).isEqualTo(oracle(input, byValue.reversed()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minBy", "maxBy"})
    void shouldNameTheOperatorAfterTheField(String which) {
        StreamEnvironment env = StreamEnvironment.create();
        var keyed = env.fromElements(new Reading("a", 0, 1, 1.0)).keyBy(Reading::sensor);
        var out = which.equals("minBy") ? keyed.minBy("level") : keyed.maxBy("level");
        assertThat(out.transformation().name()).isEqualTo(which + "(level)");
    }

    /**
     * After each reading, the sensor's best reading so far: a later one replaces it only when
     * strictly better, so the first of tied readings stays.
     */
    private static Map<String, List<Reading>> oracle(List<Reading> input, Comparator<Reading> order) {
        Map<String, Reading> best = new LinkedHashMap<>();
        Map<String, List<Reading>> out = new LinkedHashMap<>();
        for (Reading r : input) {
            Reading b = best.get(r.sensor());
            if (b == null || order.compare(r, b) < 0) {
                best.put(r.sensor(), r);
            }
            out.computeIfAbsent(r.sensor(), s -> new ArrayList<>()).add(best.get(r.sensor()));
        }
        return out;
    }

    /** The output of each sensor, in the order it was emitted (one sensor is one subtask's). */
    private static Map<String, List<Reading>> perSensor(List<Reading> output) {
        Map<String, List<Reading>> out = new LinkedHashMap<>();
        for (Reading r : output) {
            out.computeIfAbsent(r.sensor(), s -> new ArrayList<>()).add(r);
        }
        return out;
    }
}
