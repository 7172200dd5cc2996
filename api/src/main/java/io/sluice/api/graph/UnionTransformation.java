package io.sluice.api.graph;

import java.util.List;

/** A virtual node: the elements of several inputs, of one type, as one stream. */
public final class UnionTransformation<T> extends Transformation<T> {

    private final List<Transformation<T>> inputs;

    public UnionTransformation(int id, List<Transformation<T>> inputs) {
        super(id, "union");
        this.inputs = List.copyOf(inputs);
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
