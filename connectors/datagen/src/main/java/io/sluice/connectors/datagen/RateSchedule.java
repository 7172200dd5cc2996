package io.sluice.connectors.datagen;

/**
 * When each index of a rate-limited source is due: index {@code k} of a split anchored at
 * {@code (anchorMs, anchorIndex)} is due at {@code anchorMs + (k - anchorIndex) * 1000 / eventsPerSecond}.
 * Since the indices of all splits interleave (see {@link DataGenSplit}), this spreads the total rate
 * evenly over the splits. Immutable.
 */
final class RateSchedule {

    private final double eventsPerSecond;

    RateSchedule(double eventsPerSecond) {
        this.eventsPerSecond = eventsPerSecond;
    }

    /** False when there is no limit: every index is due at once. */
    boolean isLimited() {
        return eventsPerSecond != Double.POSITIVE_INFINITY;
    }

    /**
     * The time index {@code anchorIndex + indicesSinceAnchor} is due, in epoch milliseconds, rounded
     * down; saturates at {@code Long.MAX_VALUE}.
     */
    long scheduledTimeMs(long anchorMs, long indicesSinceAnchor) {
        // Multiply before dividing: an exact integer quotient (e.g. 3000 / 3) then stays exact.
        double offsetMs = (indicesSinceAnchor * 1000.0) / eventsPerSecond;
        if (offsetMs >= (double) (Long.MAX_VALUE - anchorMs)) {
            return Long.MAX_VALUE;
        }
        return anchorMs + (long) offsetMs;
    }
}
