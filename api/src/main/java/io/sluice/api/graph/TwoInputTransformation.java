package io.sluice.api.graph;

import java.util.List;

/**
 * An operator with two inputs of possibly different types (from {@code connect}); what it does is
 * its {@link OperatorSpec}. The runtime never chains it to its inputs: it heads a task whose input
 * gate holds the channels of both.
 */
public final class TwoInputTransformation<I1, I2, OUT> extends Transformation<OUT> {

    private final Transformation<I1> input1;
    private final Transformation<I2> input2;
    private final OperatorSpec spec;

    public TwoInputTransformation(int id, String name, Transformation<I1> input1, Transformation<I2> input2,
                                  OperatorSpec spec) {
        super(id, name);
        this.input1 = input1;
        this.input2 = input2;
        this.spec = spec;
    }

    public Transformation<I1> input1() {
        return input1;
    }

    public Transformation<I2> input2() {
        return input2;
    }

    public OperatorSpec spec() {
        return spec;
    }

    /** Input 1, then input 2. */
    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input1, input2);
    }
}
