package io.sluice.api.state;

import io.sluice.api.serialization.TypeSerializer;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a piece of keyed state and says how its values are serialized. The name is the identity
 * of the state within its operator: it must stay the same for state to survive a restore.
 */
public abstract class StateDescriptor<S extends State, T> implements Serializable {

    /** The kinds of keyed state; a backend creates one handle type per kind. */
    public enum Kind { VALUE, LIST, MAP, REDUCING, AGGREGATING }

    private final String name;
    private final TypeSerializer<T> serializer;
    private StateTtlConfig ttl;

    protected StateDescriptor(String name, TypeSerializer<T> serializer) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("state name must not be empty");
        }
        this.name = name;
        this.serializer = Objects.requireNonNull(serializer, () -> "serializer of state '" + name + "'");
    }

    public String name() {
        return name;
    }

    /** The serializer of the stored value (the element type for lists, the accumulator for aggregates). */
    public TypeSerializer<T> serializer() {
        return serializer;
    }

    public abstract Kind kind();

    /** Lets values of this state expire (see {@link StateTtlConfig}); returns this descriptor. */
    public StateDescriptor<S, T> enableTimeToLive(StateTtlConfig ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        return this;
    }

    /** The time to live, or null when values never expire. */
    public StateTtlConfig ttlConfig() {
        return ttl;
    }

    @Override
    public String toString() {
        return kind() + " state '" + name + "'";
    }
}
