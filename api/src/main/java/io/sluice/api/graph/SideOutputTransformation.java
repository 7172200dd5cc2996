package io.sluice.api.graph;

import io.sluice.api.OutputTag;

import java.util.List;

/** A virtual node: the elements its input emitted to the side output {@code tag}. */
public final class SideOutputTransformation<T> extends Transformation<T> {

    private final Transformation<?> input;
    private final OutputTag<T> tag;

    public SideOutputTransformation(int id, Transformation<?> input, OutputTag<T> tag) {
        super(id, "side-output:" + tag.id());
        this.input = input;
        this.tag = tag;
    }

    public Transformation<?> input() {
        return input;
    }

    public OutputTag<T> tag() {
        return tag;
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }
}
