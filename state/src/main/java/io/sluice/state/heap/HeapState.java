package io.sluice.state.heap;

import io.sluice.state.InternalKvState;

/** Base of the heap state handles: the current namespace and access to the current key's entry. */
abstract class HeapState<N, V> implements InternalKvState<N> {

    protected final HeapKeyedStateBackend backend;
    protected final StateTable<V> table;
    protected N namespace;

    @SuppressWarnings("unchecked")
    HeapState(HeapKeyedStateBackend backend, StateTable<V> table, N defaultNamespace) {
        this.backend = backend;
        this.table = table;
        this.namespace = defaultNamespace;
    }

    @Override
    public void setCurrentNamespace(N namespace) {
        this.namespace = namespace;
    }

    protected V current() {
        return table.get(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace);
    }

    protected V at(N ns) {
        return table.get(backend.currentKeyGroup(), backend.requireCurrentKey(), ns);
    }

    protected void setCurrent(V value) {
        table.put(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace, value);
    }

    protected void setAt(N ns, V value) {
        table.put(backend.currentKeyGroup(), backend.requireCurrentKey(), ns, value);
    }

    protected V removeAt(N ns) {
        return table.remove(backend.currentKeyGroup(), backend.requireCurrentKey(), ns);
    }

    @Override
    public void clear() {
        table.remove(backend.currentKeyGroup(), backend.requireCurrentKey(), namespace);
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be merged");
    }
}
