package io.sluice.state.ttl;

import io.sluice.api.state.AggregatingState;

/** The accumulator expires as a whole; adding to an expired one starts afresh. */
final class TtlAggregatingState<N, IN, OUT> extends TtlState<N> implements AggregatingState<IN, OUT> {

    private final AggregatingState<IN, TtlValue<OUT>> aggregate;

    @SuppressWarnings("unchecked")
    TtlAggregatingState(Object inner, TtlClock clock) {
        super(inner, clock);
        this.aggregate = (AggregatingState<IN, TtlValue<OUT>>) inner;
    }

    @Override
    public OUT get() {
        clock.cleanupStep();
        TtlValue<OUT> v = aggregate.get();
        if (v == null) {
            return null;
        }
        if (clock.expired(v)) {
            aggregate.clear();
            return null;
        }
        return v.value();
    }

    @Override
    public void add(IN value) {
        clock.cleanupStep();
        if (clock.expired(aggregate.get())) {
            aggregate.clear();
        }
        aggregate.add(value);
    }
}
