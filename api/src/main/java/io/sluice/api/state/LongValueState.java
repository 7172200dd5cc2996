package io.sluice.api.state;

/**
 * One {@code long} per key, read and written without boxing: a running count or sum costs one
 * lookup ({@link #add}) and allocates nothing. Snapshots hold it exactly as a
 * {@code ValueState<Long>} of the same name, so either restores as the other.
 *
 * <pre>{@code
 * LongValueState count = getRuntimeContext().getLongState(new LongValueStateDescriptor("count"));
 * long seen = count.add(1); // 1 for the key's first event, then 2, 3, ...
 * }</pre>
 */
public interface LongValueState extends State {

    /** Whether the current key has a value. */
    boolean isPresent();

    /** The current key's value, or {@code absent} when it has none. */
    long value(long absent);

    /** Sets the current key's value. */
    void update(long value);

    /**
     * Adds {@code delta} to the current key's value (0 when it has none), stores the sum and returns
     * it: one lookup, where {@code value} then {@code update} takes two.
     */
    long add(long delta);
}
