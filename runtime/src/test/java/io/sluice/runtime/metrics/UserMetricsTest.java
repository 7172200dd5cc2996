package io.sluice.runtime.metrics;

import io.sluice.api.metrics.Counter;
import io.sluice.api.metrics.Gauge;
import io.sluice.api.metrics.Histogram;
import io.sluice.api.metrics.Meter;
import io.sluice.api.metrics.MetricGroup;
import io.sluice.api.metrics.UserMetric;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The registry of user metrics, its metrics read from another thread, and what recording allocates. */
class UserMetricsTest {

    private final UserMetrics metrics = new UserMetrics("'parse' (subtask 2/4)");
    private final MetricGroup group = metrics.group();

    @Test
    void shouldReportEveryMetricUnderItsFullNameInRegistrationOrder() {
        Counter c = group.counter("records");
        c.inc();
        c.inc(10);
        c.dec();
        c.dec(3);
        group.gauge("buffered", () -> 42);
        MetricGroup nested = group.addGroup("io").addGroup("kafka");
        nested.counter("retries").inc(5);
        assertThat(group.addGroup("io").addGroup("kafka")).as("the same group twice").isSameAs(nested);
        Meter m = group.meter("events");
        m.markEvent();
        m.markEvent(4);

        assertThat(c.getCount()).isEqualTo(7);
        assertThat(m.getCount()).isEqualTo(5);
        List<UserMetric> values = metrics.snapshot();
        assertThat(values).extracting(UserMetric::name).containsExactly("records", "buffered", "io.kafka.retries",
                "events");
        assertThat(values.get(0)).isEqualTo(new UserMetric.CounterValue("records", 7));
        assertThat(values.get(1)).isEqualTo(new UserMetric.GaugeValue("buffered", 42));
        assertThat(values.get(2)).isEqualTo(new UserMetric.CounterValue("io.kafka.retries", 5));
        assertThat(((UserMetric.MeterValue) values.get(3)).count()).isEqualTo(5);
        assertThat(new UserMetrics("'x' (subtask 1/1)").snapshot()).isEmpty();
    }

    @Test
    void shouldRefuseMalformedAndRepeatedNamesNamingTheOperator() {
        group.counter("records");
        assertThatThrownBy(() -> group.histogram("records"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a metric named 'records' is already registered in operator 'parse' (subtask 2/4);"
                        + " give each metric its own name, or keep the one registered first in a field");
        assertThatThrownBy(() -> group.counter("a.b")).hasMessage("the counter name 'a.b' in operator 'parse'"
                + " (subtask 2/4) is not valid; use 1 to 100 letters, digits, '_' or '-' (nest names with addGroup)");
        assertThatThrownBy(() -> group.meter("")).hasMessageContaining("the meter name ''");
        assertThatThrownBy(() -> group.addGroup(null)).hasMessageContaining("the group name null");
        assertThatThrownBy(() -> group.histogram("x".repeat(101))).hasMessageContaining("is not valid");
        assertThatThrownBy(() -> group.gauge("g", null)).hasMessageContaining("gauge 'g' in operator 'parse'");
        group.addGroup("records").counter("records"); // "records.records" is its own name
        assertThat(metrics.snapshot()).extracting(UserMetric::name).containsExactly("records", "records.records");
    }

    @Test
    void shouldReadAFailingOrNullGaugeAsNaNWithoutLosingTheOthers() {
        group.gauge("broken", (Gauge<Integer>) () -> {
            throw new IllegalStateException("not ready");
        });
        group.gauge("empty", (Gauge<Long>) () -> null);
        group.counter("fine").inc();
        List<UserMetric> values = metrics.snapshot();
        assertThat(((UserMetric.GaugeValue) values.get(0)).value()).isNaN();
        assertThat(((UserMetric.GaugeValue) values.get(1)).value()).isNaN();
        assertThat(values.get(2)).isEqualTo(new UserMetric.CounterValue("fine", 1));
    }

    @Test
    void shouldKeepExactCountSumMinAndMaxAndQuantilesWithinOnePercent() {
        Histogram h = group.histogram("latency");
        assertThat(snapshotOf("latency")).isEqualTo(new UserMetric.HistogramValue("latency", 0, 0, 0, 0, 0, 0, 0, 0,
                0));
        for (long v = 1; v <= 10_000; v++) {
            h.update(v * 1_000);
        }
        h.update(-5);                       // counted as 0 in the quantiles, exactly in min and sum
        h.update(Long.MAX_VALUE / 4);       // counted as the highest trackable value in the quantiles
        UserMetric.HistogramValue s = snapshotOf("latency");
        assertThat(s.count()).isEqualTo(10_002);
        assertThat(h.getCount()).isEqualTo(10_002);
        assertThat(s.min()).isEqualTo(-5);
        assertThat(s.max()).isEqualTo(Long.MAX_VALUE / 4);
        assertThat(s.sum()).isEqualTo(1_000L * 10_000 * 10_001 / 2 - 5 + Long.MAX_VALUE / 4);
        assertThat(s.windowCount()).isEqualTo(10_002);
        assertThat((double) s.p50()).isCloseTo(5_000_000, within(50_000.0));
        assertThat((double) s.p90()).isCloseTo(9_000_000, within(90_000.0));
        assertThat((double) s.p99()).isCloseTo(9_900_000, within(99_000.0));
        assertThat(s.p999()).isLessThanOrEqualTo(Histogram.HIGHEST_TRACKABLE_VALUE + Histogram.HIGHEST_TRACKABLE_VALUE
                / 100);
        assertThat(snapshotOf("latency").windowCount()).as("a second read takes nothing from the first")
                .isEqualTo(10_002);
    }

    @Test
    void shouldLeaveValuesOutOfTheQuantilesOnceTheyAreOlderThanTheWindow() {
        UserHistogram h = new UserHistogram("h");
        h.update(7);
        assertThat(h.snapshot(0).windowCount()).isEqualTo(1);
        assertThat(h.snapshot(LatencyHistogram.WINDOW_NS).windowCount()).as("still in the previous half").isEqualTo(1);
        UserMetric.HistogramValue later = h.snapshot(2 * LatencyHistogram.WINDOW_NS);
        assertThat(later.windowCount()).isZero();
        assertThat(later.p99()).isZero();
        assertThat(later.count()).as("lifetime figures stay").isEqualTo(1);
        assertThat(later.max()).isEqualTo(7);
    }

    @Test
    void shouldRateAMeterOverAboutTheLastMinuteFromTheReadsSeen() {
        long s = 1_000_000_000L;
        UserMeter meter = new UserMeter(0);
        assertThat(meter.rate(0)).isZero();
        meter.markEvent(100);
        assertThat(meter.rate(10 * s)).as("since creation").isCloseTo(10.0, within(1e-9));
        for (int second = 11; second <= 70; second++) {
            meter.markEvent(50);
            meter.rate(second * s); // read every second: samples every 5 s
        }
        // 50 events per second since 10 s; the base is the newest sample at least 60 s old: (10 s, 100)
        assertThat(meter.rate(70 * s)).isCloseTo(50.0, within(1e-9));
        assertThat(meter.rate(200 * s)).as("no event since the read at 70 s").isZero();
        meter.markEvent(260);
        assertThat(meter.rate(210 * s)).as("since the read at 70 s: the one read at 200 s is not a minute old yet")
                .isCloseTo(260.0 / 140, within(1e-9));
    }

    /** Counts what it maps; for the harness. */
    static final class CountingMap extends io.sluice.api.functions.RichMapFunction<String, Integer> {
        private transient Counter words;

        @Override
        public void open(io.sluice.api.functions.RuntimeContext ctx) {
            words = getRuntimeContext().getMetricGroup().counter("words");
        }

        @Override
        public Integer map(String value) {
            words.inc();
            return value.length();
        }
    }

    @Test
    void theOperatorHarnessShowsTheMetricsAFunctionRegistered() throws Exception {
        try (io.sluice.runtime.testing.OperatorHarness<String, Integer> harness =
                     io.sluice.runtime.testing.OperatorHarness.forMap(new CountingMap())) {
            assertThat(harness.userMetrics()).isEmpty();
            harness.processElement("a");
            harness.processElement("bc");
            assertThat(harness.output()).containsExactly(1, 2);
            assertThat(harness.userMetrics()).containsExactly(new UserMetric.CounterValue("words", 2));
        }
    }

    /** One thread records while another reads: the reader sees counts that only grow, never torn ones. */
    @Test
    void aReaderSeesWholeGrowingValuesWhileTheWorkerRecords() throws Exception {
        Counter counter = group.counter("c");
        Histogram histogram = group.histogram("h");
        Meter meter = group.meter("m");
        int n = 2_000_000;
        Thread worker = new Thread(() -> {
            for (int i = 1; i <= n; i++) {
                counter.inc();
                histogram.update(i);
                meter.markEvent();
            }
        }, "worker");
        worker.start();
        long lastCount = 0;
        long lastHistogram = 0;
        int reads = 0;
        while (worker.isAlive() || reads == 0) {
            List<UserMetric> v = metrics.snapshot();
            long c = ((UserMetric.CounterValue) v.get(0)).count();
            UserMetric.HistogramValue h = (UserMetric.HistogramValue) v.get(1);
            assertThat(c).isBetween(lastCount, (long) n);
            assertThat(h.count()).isBetween(lastHistogram, (long) n);
            if (h.count() > 0) {
                assertThat(h.min()).isEqualTo(1);
                assertThat(h.max()).as("max of at least the values counted").isBetween(h.count(), (long) n);
                assertThat(h.sum()).as("sum of at least the values counted").isGreaterThanOrEqualTo(
                        h.count() * (h.count() + 1) / 2);
            }
            lastCount = c;
            lastHistogram = h.count();
            reads++;
        }
        worker.join();
        List<UserMetric> end = metrics.snapshot();
        assertThat(end.get(0)).isEqualTo(new UserMetric.CounterValue("c", n));
        UserMetric.HistogramValue h = (UserMetric.HistogramValue) end.get(1);
        assertThat(h.count()).isEqualTo(n);
        assertThat(h.windowCount()).as("every value reached the quantiles once").isEqualTo(n);
        assertThat(h.sum()).isEqualTo((long) n * (n + 1) / 2);
        assertThat(((UserMetric.MeterValue) end.get(2)).count()).isEqualTo(n);
    }

    /**
     * Recording allocates nothing: measured with the thread's allocated-bytes counter around a million
     * updates of each kind, after a warm-up. A few bytes of slack allow for the counter's own noise.
     */
    @Test
    void recordingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Counter counter = group.counter("c");
        Histogram histogram = group.histogram("h");
        Meter meter = group.meter("m");
        int n = 1_000_000;
        long[] allocated = new long[3];
        for (int round = 0; round < 3; round++) { // the first rounds warm up (interpreter, JIT)
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                counter.inc();
            }
            long afterCounter = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                histogram.update(i);
            }
            long afterHistogram = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                meter.markEvent();
            }
            long afterMeter = threads.getCurrentThreadAllocatedBytes();
            allocated = new long[] {afterCounter - before, afterHistogram - afterCounter, afterMeter - afterHistogram};
        }
        System.out.printf("bytes allocated per %d calls: counter.inc %d, histogram.update %d, meter.markEvent %d%n",
                n, allocated[0], allocated[1], allocated[2]);
        assertThat(allocated[0]).as("counter.inc x %d", n).isLessThan(1024);
        assertThat(allocated[1]).as("histogram.update x %d", n).isLessThan(1024);
        assertThat(allocated[2]).as("meter.markEvent x %d", n).isLessThan(1024);
        assertThat(counter.getCount()).isEqualTo(3L * n);
    }

    private UserMetric.HistogramValue snapshotOf(String name) {
        List<UserMetric> all = new ArrayList<>(metrics.snapshot());
        return (UserMetric.HistogramValue) all.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }
}
