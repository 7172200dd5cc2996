package io.sluice.api.windowing;

/** A finite bucket of elements; {@link #maxTimestamp()} is the last instant that belongs to it. */
public abstract class Window {
    public abstract long maxTimestamp();
}
