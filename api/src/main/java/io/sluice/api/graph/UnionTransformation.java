package io.sluice.api.graph;

import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/** A virtual node: the elements of several inputs, of one type, as one stream. */
public final class UnionTransformation<T> extends Transformation<T> {

    private final List<Transformation<T>> inputs;

    public UnionTransformation(int id, List<Transformation<T>> inputs) {
        super(id, "union");
        this.inputs = List.copyOf(inputs);
    }

    /** The declared serializer, or else the first declared one among the inputs (they share the type). */
    @Override
    public TypeSerializer<T> outputSerializer() {
        TypeSerializer<T> own = super.outputSerializer();
        if (own != null) {
            return own;
        }
        for (Transformation<T> input : inputs) {
            if (input.outputSerializer() != null) {
                return input.outputSerializer();
            }
        }
        return null;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.copyOf(inputs);
    }
}
