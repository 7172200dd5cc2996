package io.sluice.api.state;

/** State that folds added values into a result: reducing and aggregating state. */
public interface AppendingState<IN, OUT> extends State {
    /** The folded result for the current key, or {@code null} when nothing was added. */
    OUT get();

    void add(IN value);
}
