package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor;

/**
 * What the entries of a backend's tables are: one of the state kinds, or timers. Its ordinal is
 * written to snapshots, so constants are only ever appended.
 */
enum TableKind {
    VALUE, LIST, MAP, REDUCING, AGGREGATING,
    /** Event-time timers: key bytes · namespace bytes · timestamp, see {@link OffHeapTimerQueue}. */
    TIMERS;

    static TableKind of(StateDescriptor.Kind kind) {
        return switch (kind) {
            case VALUE -> VALUE;
            case LIST -> LIST;
            case MAP -> MAP;
            case REDUCING -> REDUCING;
            case AGGREGATING -> AGGREGATING;
        };
    }
}
