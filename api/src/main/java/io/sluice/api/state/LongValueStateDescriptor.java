package io.sluice.api.state;

import io.sluice.api.serialization.Serializers;

/**
 * Describes a {@link LongValueState}. It is a {@link Kind#VALUE} state whose values are written by
 * {@link Serializers#LONG}, so its snapshots are those of a {@code ValueState<Long>} of the same
 * name. It has no time to live.
 */
public final class LongValueStateDescriptor extends StateDescriptor<LongValueState, Long> {

    public LongValueStateDescriptor(String name) {
        super(name, Serializers.LONG);
    }

    @Override
    public Kind kind() {
        return Kind.VALUE;
    }

    /** Refused: values are stored as their 8 bytes alone, with no room for a last-access time. */
    @Override
    public StateDescriptor<LongValueState, Long> enableTimeToLive(StateTtlConfig ttl) {
        throw new UnsupportedOperationException("long state '" + name() + "' cannot have a time to live;"
                + " use a ValueStateDescriptor<Long> with enableTimeToLive for an expiring value");
    }
}
