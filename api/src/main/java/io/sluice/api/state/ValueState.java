package io.sluice.api.state;

/** One value per key; {@code value()} is {@code null} (or the descriptor's default) when unset. */
public interface ValueState<T> extends State {
    T value();

    void update(T value);
}
