package io.sluice.state.snapshot;

import io.sluice.state.KeyGroupRange;

import java.util.List;

/**
 * The header of a snapshot file: which key groups of which max parallelism it holds, the key type,
 * and every state (and timer queue) with its kind and types, in the order of the blocks.
 */
public record SnapshotHeader(int maxParallelism, KeyGroupRange keyGroups, TypeRecord keyType, List<StateInfo> states) {

    public SnapshotHeader {
        states = List.copyOf(states);
    }

    /**
     * One state as recorded.
     *
     * @param timeToLive whether values are stored with their last-access time in front (TTL state)
     * @param valueType  the value (list element, accumulator) serializer's type, inside time to live
     * @param mapKeyType a map state's key serializer's type; unknown for other kinds
     */
    public record StateInfo(String name, TableKind kind, boolean timeToLive, TypeRecord valueType,
                            TypeRecord mapKeyType) {

        /** Timers record no types: their key type is the backend's, their namespace is always declared. */
        public static StateInfo timers(String name) {
            return new StateInfo(name, TableKind.TIMERS, false, TypeRecord.UNKNOWN, TypeRecord.UNKNOWN);
        }

        /** This record with unknown types filled from {@code other} (the same state, from another source). */
        public StateInfo orElse(StateInfo other) {
            return new StateInfo(name, kind, timeToLive, valueType.orElse(other.valueType),
                    mapKeyType.orElse(other.mapKeyType));
        }
    }
}
