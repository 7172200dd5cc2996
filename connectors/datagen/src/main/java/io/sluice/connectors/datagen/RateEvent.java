package io.sluice.connectors.datagen;

/**
 * A row of the {@link RateSource}, like a row of Spark's {@code rate} source.
 *
 * @param timestamp when the row was scheduled, in milliseconds since the epoch; also its event timestamp
 * @param value     the row's global index: 0, 1, 2, ...
 */
public record RateEvent(long timestamp, long value) {
}
