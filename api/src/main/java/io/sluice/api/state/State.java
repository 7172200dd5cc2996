package io.sluice.api.state;

/** A handle to keyed state; every call is scoped to the current key (and window, inside windows). */
public interface State {
    /** Removes the value for the current key. */
    void clear();
}
