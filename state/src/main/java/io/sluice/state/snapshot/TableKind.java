package io.sluice.state.snapshot;

import io.sluice.api.state.StateDescriptor;

/**
 * What the entries of one named table of a keyed backend are: one of the state kinds, or event-time
 * timers. Its ordinal is written to snapshots, so constants are only ever appended.
 */
public enum TableKind {
    VALUE, LIST, MAP, REDUCING, AGGREGATING,
    /** Event-time timers: key bytes · namespace bytes · timestamp, see {@link TimerEntryLayout}. */
    TIMERS;

    public static TableKind of(StateDescriptor.Kind kind) {
        return switch (kind) {
            case VALUE -> VALUE;
            case LIST -> LIST;
            case MAP -> MAP;
            case REDUCING -> REDUCING;
            case AGGREGATING -> AGGREGATING;
        };
    }
}
