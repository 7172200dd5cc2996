package io.sluice.api.graph;

import java.util.List;

/** An operator with one input; what it does is its {@link OperatorSpec}. */
public final class OneInputTransformation<IN, OUT> extends Transformation<OUT> {

    private final Transformation<IN> input;
    private final OperatorSpec spec;

    public OneInputTransformation(int id, String name, Transformation<IN> input, OperatorSpec spec) {
        super(id, name);
        this.input = input;
        this.spec = spec;
    }

    public Transformation<IN> input() {
        return input;
    }

    public OperatorSpec spec() {
        return spec;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }
}
