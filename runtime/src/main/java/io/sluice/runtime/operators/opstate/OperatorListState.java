package io.sluice.runtime.operators.opstate;

import io.sluice.api.state.ListState;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A list of one subtask of an operator, on the heap; written element by element into checkpoints. */
final class OperatorListState<T> implements ListState<T> {

    private final String name;
    private final List<T> elements = new ArrayList<>();

    OperatorListState(String name) {
        this.name = name;
    }

    @Override
    public Iterable<T> get() {
        return elements;
    }

    @Override
    public void add(T value) {
        elements.add(Objects.requireNonNull(value, () -> "null added to list state '" + name + "'"));
    }

    @Override
    public void addAll(List<T> values) {
        for (T value : values) {
            add(value);
        }
    }

    @Override
    public void update(List<T> values) {
        elements.clear();
        if (values != null) {
            addAll(values);
        }
    }

    @Override
    public void clear() {
        elements.clear();
    }

    List<T> elements() {
        return elements;
    }
}
