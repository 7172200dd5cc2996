package io.sluice.state.ttl;

import io.sluice.state.InternalKvState;

/** Base of the TTL decorators: namespaces and merging go to the state underneath. */
abstract class TtlState<N> implements InternalKvState<N> {

    protected final InternalKvState<N> inner;
    protected final TtlClock clock;

    @SuppressWarnings("unchecked")
    TtlState(Object inner, TtlClock clock) {
        this.inner = (InternalKvState<N>) inner;
        this.clock = clock;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        inner.setCurrentNamespace(namespace);
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) throws Exception {
        inner.mergeNamespaces(target, sources);
    }

    @Override
    public void clear() {
        inner.clear();
    }
}
