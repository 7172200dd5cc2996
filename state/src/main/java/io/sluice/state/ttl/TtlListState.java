package io.sluice.state.ttl;

import io.sluice.api.state.ListState;

import java.util.ArrayList;
import java.util.List;

/** Each element expires on its own; reading drops (and removes) the expired ones. */
final class TtlListState<N, V> extends TtlState<N> implements ListState<V> {

    private final ListState<TtlValue<V>> elements;

    @SuppressWarnings("unchecked")
    TtlListState(Object inner, TtlClock clock) {
        super(inner, clock);
        this.elements = (ListState<TtlValue<V>>) inner;
    }

    @Override
    public Iterable<V> get() {
        clock.cleanupStep();
        List<V> live = new ArrayList<>();
        List<TtlValue<V>> kept = new ArrayList<>();
        boolean changed = false;
        for (TtlValue<V> e : elements.get()) {
            if (clock.expired(e)) {
                changed = true;
            } else {
                live.add(e.value());
                kept.add(clock.renewOnRead() ? clock.stamp(e.value()) : e);
            }
        }
        if (changed || (clock.renewOnRead() && !kept.isEmpty())) {
            if (kept.isEmpty()) {
                elements.clear();
            } else {
                elements.update(kept);
            }
        }
        return live;
    }

    @Override
    public void add(V value) {
        clock.cleanupStep();
        if (value == null) {
            throw new NullPointerException("list state does not hold null elements");
        }
        elements.add(clock.stamp(value));
    }

    @Override
    public void addAll(List<V> values) {
        clock.cleanupStep();
        for (V v : values) {
            add(v);
        }
    }

    @Override
    public void update(List<V> values) {
        clock.cleanupStep();
        List<TtlValue<V>> stamped = new ArrayList<>(values.size());
        for (V v : values) {
            if (v == null) {
                throw new NullPointerException("list state does not hold null elements");
            }
            stamped.add(clock.stamp(v));
        }
        elements.update(stamped);
    }
}
