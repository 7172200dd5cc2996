package io.sluice.api.time;

import io.sluice.api.internal.UserObjects;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WatermarksTest {

    /** Records what a generator emits. */
    static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idle;
        int active;

        @Override
        public void emitWatermark(long timestamp) {
            watermarks.add(timestamp);
        }

        @Override
        public void markIdle() {
            idle++;
        }

        @Override
        public void markActive() {
            active++;
        }
    }

    private final RecordingOutput out = new RecordingOutput();

    @Test
    void shouldEmitLongMinValueBeforeAnyEventWithoutUnderflow() {
        new BoundedOutOfOrdernessWatermarks<String>(Duration.ofSeconds(5)).onPeriodicEmit(out);
        new BoundedOutOfOrdernessWatermarks<String>(Duration.ZERO).onPeriodicEmit(out);
        new BoundedOutOfOrdernessWatermarks<String>(Duration.ofDays(365_000)).onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    @Test
    void shouldEmitTheHighestTimestampMinusTheBoundMinusOne() {
        BoundedOutOfOrdernessWatermarks<String> generator = new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(100));

        generator.onEvent("a", 1_000, out);
        generator.onPeriodicEmit(out);
        generator.onEvent("b", 1_500, out);
        generator.onEvent("c", 1_200, out);
        generator.onPeriodicEmit(out);
        generator.onEvent("d", 900, out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(899L, 1_399L, 1_399L);
        assertThat(out.idle + out.active).isZero();
    }

    @Test
    void shouldEmitOnlyWhenAskedPeriodically() {
        BoundedOutOfOrdernessWatermarks<String> generator = new BoundedOutOfOrdernessWatermarks<>(Duration.ZERO);

        generator.onEvent("a", 10, out);
        generator.onEvent("b", 20, out);

        assertThat(out.watermarks).isEmpty();
        generator.onPeriodicEmit(out);
        assertThat(out.watermarks).containsExactly(19L);
    }

    @Test
    void shouldHandleNegativeAndExtremeTimestamps() {
        BoundedOutOfOrdernessWatermarks<String> generator = new BoundedOutOfOrdernessWatermarks<>(Duration.ofMillis(10));

        generator.onEvent("min", Long.MIN_VALUE, out);
        generator.onPeriodicEmit(out);
        generator.onEvent("negative", -50, out);
        generator.onPeriodicEmit(out);
        generator.onEvent("max", Long.MAX_VALUE, out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(Long.MIN_VALUE, -61L, Long.MAX_VALUE - 11);
    }

    @Test
    void shouldRefuseANegativeBound() {
        assertThatThrownBy(() -> new BoundedOutOfOrdernessWatermarks<String>(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxOutOfOrderness must not be negative: PT-0.001S");
    }

    @Test
    void shouldMakeWatermarksTrailTheBoundInABoundedOutOfOrdernessStrategy() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofMillis(50));
        WatermarkGenerator<String> generator = strategy.createWatermarkGenerator();

        generator.onEvent("a", 1_000, out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(949L);
        assertThat(strategy.emitsWatermarks()).isTrue();
        assertThat(strategy.idleTimeout()).isNull();
        assertThat(strategy.timestampAssigner().extractTimestamp("a", 77)).isEqualTo(77);
    }

    @Test
    void shouldMakeWatermarksOfMonotonousTimestampsOneBelowTheHighest() {
        WatermarkGenerator<String> generator = WatermarkStrategy.<String>forMonotonousTimestamps()
                .createWatermarkGenerator();

        generator.onEvent("a", 10, out);
        generator.onPeriodicEmit(out);

        assertThat(out.watermarks).containsExactly(9L);
    }

    @Test
    void shouldCreateAFreshGeneratorForEverySplit() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.forMonotonousTimestamps();
        WatermarkGenerator<String> first = strategy.createWatermarkGenerator();
        WatermarkGenerator<String> second = strategy.createWatermarkGenerator();

        first.onEvent("a", 500, out);
        second.onPeriodicEmit(out);

        assertThat(first).isNotSameAs(second);
        assertThat(out.watermarks).containsExactly(Long.MIN_VALUE);
    }

    @Test
    void shouldNeverEmitWithNoWatermarks() {
        WatermarkStrategy<String> none = WatermarkStrategy.noWatermarks();
        WatermarkGenerator<String> generator = none.createWatermarkGenerator();

        generator.onEvent("a", 1_000, out);
        generator.onPeriodicEmit(out);

        assertThat(none.emitsWatermarks()).isFalse();
        assertThat(out.watermarks).isEmpty();
        assertThat(out.idle + out.active).isZero();
    }

    @Test
    void shouldUseACustomGenerator() {
        WatermarkStrategy<String> custom = WatermarkStrategy.forGenerator(() -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(String event, long eventTimestamp, WatermarkOutput output) {
                output.emitWatermark(eventTimestamp);
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
        WatermarkGenerator<String> generator = custom.createWatermarkGenerator();

        generator.onEvent("a", 5, out);
        generator.onPeriodicEmit(out);

        assertThat(custom.emitsWatermarks()).isTrue();
        assertThat(out.watermarks).containsExactly(5L);
        assertThat(out.idle).isEqualTo(1);
    }

    @Test
    void shouldRefuseAZeroOrNegativeIdlenessTimeout() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.forMonotonousTimestamps();

        assertThatThrownBy(() -> strategy.withIdleness(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleness timeout must be positive: PT0S");
        assertThatThrownBy(() -> strategy.withIdleness(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleness timeout must be positive: PT-1S");
    }

    @Test
    void shouldKeepEverySettingWhenAddingAnother() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.<String>forMonotonousTimestamps()
                .withIdleness(Duration.ofSeconds(5))
                .withTimestampAssigner((s, ts) -> Long.parseLong(s));
        WatermarkStrategy<String> none = WatermarkStrategy.<String>noWatermarks().withIdleness(Duration.ofSeconds(1))
                .withTimestampAssigner((s, ts) -> 0);

        assertThat(strategy.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(strategy.timestampAssigner().extractTimestamp("42", TimestampAssigner.NO_TIMESTAMP)).isEqualTo(42);
        assertThat(strategy.emitsWatermarks()).isTrue();
        assertThat(none.emitsWatermarks()).isFalse();
        assertThat(none.idleTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldBeCopyableToEverySubtask() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(5))
                .withTimestampAssigner((s, ts) -> s.length())
                .withIdleness(Duration.ofSeconds(3));

        WatermarkStrategy<String> copy = UserObjects.copy(strategy, "timestamps", getClass().getClassLoader());
        WatermarkGenerator<String> generator = copy.createWatermarkGenerator();
        generator.onEvent("x", 100, out);
        generator.onPeriodicEmit(out);

        assertThat(copy.timestampAssigner().extractTimestamp("abcd", 0)).isEqualTo(4);
        assertThat(copy.idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(out.watermarks).containsExactly(94L);
    }
}
