package io.sluice.state.ttl;

import io.sluice.api.state.ValueState;

final class TtlValueState<N, V> extends TtlState<N> implements ValueState<V> {

    private final ValueState<TtlValue<V>> values;

    @SuppressWarnings("unchecked")
    TtlValueState(Object inner, TtlClock clock) {
        super(inner, clock);
        this.values = (ValueState<TtlValue<V>>) inner;
    }

    @Override
    public V value() {
        clock.cleanupStep();
        TtlValue<V> v = values.value();
        if (v == null) {
            return null;
        }
        if (clock.expired(v)) {
            values.clear();
            return null;
        }
        if (clock.renewOnRead()) {
            values.update(clock.stamp(v.value()));
        }
        return v.value();
    }

    @Override
    public void update(V value) {
        clock.cleanupStep();
        if (value == null) {
            values.clear();
        } else {
            values.update(clock.stamp(value));
        }
    }
}
