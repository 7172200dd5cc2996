package io.sluice.api.metrics;

/**
 * A value read when metrics are read (Flink's {@code Gauge}), registered with
 * {@link MetricGroup#gauge(String, Gauge)}: a number such as the size of a buffer the function
 * keeps.
 *
 * <p>{@link #getValue()} is called on the thread that reads metrics (a Prometheus scrape, the REST
 * API, {@code JobClient.metrics()}), not on the subtask's worker thread, while the function runs:
 * it should only read a field the function writes (declared {@code volatile} to see the newest
 * value) and must not touch keyed state. A gauge that throws or returns {@code null} reads as NaN.
 *
 * @param <T> the type of the number
 */
@FunctionalInterface
public interface Gauge<T extends Number> {

    T getValue();
}
