package io.sluice.api.state;

/** One value per key; {@code value()} is {@code null} when unset, and {@code update(null)} clears it. */
public interface ValueState<T> extends State {
    T value();

    void update(T value);
}
