package io.sluice.api.time;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a stream gets event time: a timestamp assigner, a watermark generator, and an optional
 * idleness timeout after which a silent split or subtask no longer holds the watermark back.
 *
 * <pre>{@code
 * WatermarkStrategy.<Order>forBoundedOutOfOrderness(Duration.ofMillis(100))
 *         .withTimestampAssigner((order, ts) -> order.time())
 *         .withIdleness(Duration.ofSeconds(5))
 * }</pre>
 */
public final class WatermarkStrategy<T> implements Serializable {

    private final WatermarkGeneratorSupplier<T> generator;
    private final TimestampAssigner<T> timestampAssigner;
    private final Duration idleTimeout;
    private final boolean emitsWatermarks;

    private WatermarkStrategy(WatermarkGeneratorSupplier<T> generator, TimestampAssigner<T> timestampAssigner,
                              Duration idleTimeout, boolean emitsWatermarks) {
        this.generator = generator;
        this.timestampAssigner = timestampAssigner;
        this.idleTimeout = idleTimeout;
        this.emitsWatermarks = emitsWatermarks;
    }

    /** Watermarks trail the highest timestamp seen by {@code maxOutOfOrderness}. */
    public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        return new WatermarkStrategy<>(() -> new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness),
                (e, ts) -> ts, null, true);
    }

    /** Timestamps never decrease: the watermark is the highest timestamp seen. */
    public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
        return forBoundedOutOfOrderness(Duration.ZERO);
    }

    /** A custom generator. */
    public static <T> WatermarkStrategy<T> forGenerator(WatermarkGeneratorSupplier<T> generator) {
        Objects.requireNonNull(generator, "generator");
        return new WatermarkStrategy<>(generator, (e, ts) -> ts, null, true);
    }

    /** No event time: only processing-time operations work downstream. */
    public static <T> WatermarkStrategy<T> noWatermarks() {
        return new WatermarkStrategy<>(NoWatermarks::new, (e, ts) -> ts, null, false);
    }

    public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
        return new WatermarkStrategy<>(generator, Objects.requireNonNull(assigner, "assigner"), idleTimeout,
                emitsWatermarks);
    }

    /** Marks a split or subtask idle after {@code timeout} without elements. */
    public WatermarkStrategy<T> withIdleness(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idleness timeout must be positive: " + timeout);
        }
        return new WatermarkStrategy<>(generator, timestampAssigner, timeout, emitsWatermarks);
    }

    public WatermarkGenerator<T> createWatermarkGenerator() {
        return generator.create();
    }

    public TimestampAssigner<T> timestampAssigner() {
        return timestampAssigner;
    }

    /** The idleness timeout, or {@code null} when idleness detection is off. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** False only for {@link #noWatermarks()}: used to refuse event-time operations without event time. */
    public boolean emitsWatermarks() {
        return emitsWatermarks;
    }

    private static final class NoWatermarks<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }
}
