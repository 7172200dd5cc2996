package io.sluice.runtime.metrics;

import io.sluice.api.metrics.LatencySnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {

    @Test
    void shouldGiveQuantilesWithinOnePercentAndCountEveryValue() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 1000; v++) {
            h.record(v * 1_000); // 1 µs .. 1 ms
        }
        LatencySnapshot s = h.snapshot(0);
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.windowCount()).isEqualTo(1000);
        assertThat((double) s.p50Ns()).isCloseTo(500_000, within(5_000.0));
        assertThat((double) s.p99Ns()).isCloseTo(990_000, within(10_000.0));
        assertThat((double) s.maxNs()).isCloseTo(1_000_000, within(10_000.0));
        assertThat((double) s.sumNs()).isCloseTo(500_500_000, within(5_005_000.0));
    }

    @Test
    void shouldLetSeveralReadersSeeTheSameValuesAndKeepCountingWhenTheWindowMovesOn() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(5_000_000);
        assertThat(h.snapshot(0).windowCount()).isEqualTo(1);
        assertThat(h.snapshot(1).windowCount()).as("a second reader").isEqualTo(1);

        long later = LatencyHistogram.WINDOW_NS;
        h.record(1_000);
        LatencySnapshot s = h.snapshot(later);
        assertThat(s.windowCount()).as("the previous part of the window is still in").isEqualTo(2);
        assertThat(s.maxNs()).isGreaterThanOrEqualTo(5_000_000);

        s = h.snapshot(2 * later);
        assertThat(s.windowCount()).as("the window moved past the first value").isEqualTo(1);
        assertThat(s.maxNs()).isLessThan(5_000_000);

        s = h.snapshot(3 * later);
        assertThat(s.windowCount()).as("the window moved past both").isZero();
        assertThat(s.p99Ns()).isZero();
        assertThat(s.count()).as("the count never goes back").isEqualTo(2);
    }

    @Test
    void shouldClampValuesOutsideItsRange() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);
        LatencySnapshot s = h.snapshot(0);
        assertThat(s.count()).isEqualTo(2);
        assertThat(s.maxNs()).isGreaterThanOrEqualTo(LatencyHistogram.HIGHEST_TRACKABLE_NS);
    }
}
