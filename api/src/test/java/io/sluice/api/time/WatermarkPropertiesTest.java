package io.sluice.api.time;

import io.sluice.api.testing.RandomValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Random event times, one run per seed; the seed is in every assertion message. */
class WatermarkPropertiesTest {

    /** Collects emitted watermarks. */
    private static final class Collect implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        public void emitWatermark(long timestamp) {
            watermarks.add(timestamp);
        }

        public void markIdle() {
        }

        public void markActive() {
        }
    }

    static LongStream seeds() {
        return RandomValues.seeds(200);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void watermarkIsHighestTimestampMinusBoundMinusOneAndNeverDecreases(long seed) {
        RandomValues random = new RandomValues(seed);
        List<Long> times = random.listOf(50, () -> random.longBetween(-1_000_000_000_000L, 1_000_000_000_000L));
        long boundMs = random.longBetween(0, 1_000_000);
        String inputs = "seed " + seed + ", bound " + boundMs + " ms, times " + times;
        BoundedOutOfOrdernessWatermarks<Object> generator =
                new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(boundMs));
        Collect out = new Collect();
        long max = Long.MIN_VALUE;

        for (long t : times) {
            generator.onEvent("e", t, out);
            generator.onPeriodicEmit(out);
            max = Math.max(max, t);
            long expected = Math.max(Long.MIN_VALUE, max - boundMs - 1);
            assertThat(out.watermarks.get(out.watermarks.size() - 1)).as(inputs + ", after " + t)
                    .isEqualTo(expected);
        }
        for (int i = 1; i < out.watermarks.size(); i++) {
            assertThat(out.watermarks.get(i)).as(inputs + ", watermark " + i)
                    .isGreaterThanOrEqualTo(out.watermarks.get(i - 1));
        }
    }
}
