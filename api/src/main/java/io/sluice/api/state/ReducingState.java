package io.sluice.api.state;

/** Keeps one value per key, combining each added value with the descriptor's reduce function. */
public interface ReducingState<T> extends AppendingState<T, T> {
}
