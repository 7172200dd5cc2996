package io.sluice.state.ttl;

import io.sluice.api.state.ReducingState;

/** The reduction expires as a whole; adding to an expired one starts afresh. */
final class TtlReducingState<N, V> extends TtlState<N> implements ReducingState<V> {

    private final ReducingState<TtlValue<V>> reduced;

    @SuppressWarnings("unchecked")
    TtlReducingState(Object inner, TtlClock clock) {
        super(inner, clock);
        this.reduced = (ReducingState<TtlValue<V>>) inner;
    }

    @Override
    public V get() {
        clock.cleanupStep();
        TtlValue<V> v = reduced.get();
        if (v == null) {
            return null;
        }
        if (clock.expired(v)) {
            reduced.clear();
            return null;
        }
        if (clock.renewOnRead()) {
            reduced.clear();
            reduced.add(clock.stamp(v.value()));
        }
        return v.value();
    }

    @Override
    public void add(V value) {
        clock.cleanupStep();
        if (clock.expired(reduced.get())) {
            reduced.clear();
        }
        reduced.add(value == null ? null : clock.stamp(value));
    }
}
