package io.sluice.state.snapshot;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The value of a list state entry: its elements' serializer bytes one after the other, with no
 * count and no lengths, so adding an element appends its bytes and merging lists concatenates
 * them. Elements are read until the value's bytes are used up.
 */
public final class ListValueLayout {

    private ListValueLayout() {
    }

    /** How many bytes of the value are left to read. */
    @FunctionalInterface
    public interface Remaining {
        int remaining() throws IOException;
    }

    /** Appends {@code elements} to a list value. */
    public static <V> void write(Iterable<? extends V> elements, TypeSerializer<V> elementSerializer, DataOutput out)
            throws IOException {
        for (V v : elements) {
            elementSerializer.serialize(v, out);
        }
    }

    /** Reads every element of a list value from {@code in} into {@code into}. */
    public static <V> void read(DataInput in, Remaining remaining, TypeSerializer<V> elementSerializer, List<V> into)
            throws IOException {
        while (remaining.remaining() > 0) {
            into.add(elementSerializer.deserialize(in));
        }
    }
}
