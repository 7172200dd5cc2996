package io.sluice.api.state;

import java.util.List;

/** A list per key. {@code get()} returns an empty iterable, never null, when the list is empty. */
public interface ListState<T> extends State {
    Iterable<T> get();

    void add(T value);

    void addAll(List<T> values);

    /** Replaces the list with {@code values}. */
    void update(List<T> values);
}
