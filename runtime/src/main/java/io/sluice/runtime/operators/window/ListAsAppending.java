package io.sluice.runtime.operators.window;

import io.sluice.api.state.AppendingState;
import io.sluice.api.state.ListState;

/** Presents list state (all elements) through the appending interface the operator uses. */
final class ListAsAppending<IN> implements AppendingState<IN, Object> {
    private final ListState<IN> list;

    @SuppressWarnings("unchecked")
    ListAsAppending(Object handle) {
        this.list = (ListState<IN>) handle;
    }

    @Override
    public Object get() {
        Iterable<IN> elements = list.get();
        return elements.iterator().hasNext() ? elements : null;
    }

    @Override
    public void add(IN value) {
        list.add(value);
    }

    @Override
    public void clear() {
        list.clear();
    }
}
