package io.sluice.runtime.plan;

import io.sluice.api.graph.Transformation;

import java.util.ArrayList;
import java.util.List;

/** One real operator of the job, with its resolved parallelism and edges. */
public final class OperatorNode {

    private final Transformation<?> transformation;
    private final int parallelism;
    private final List<PlanEdge> inputs = new ArrayList<>();
    private final List<PlanEdge> outputs = new ArrayList<>();

    OperatorNode(Transformation<?> transformation, int parallelism) {
        this.transformation = transformation;
        this.parallelism = parallelism;
    }

    public Transformation<?> transformation() {
        return transformation;
    }

    public String name() {
        return transformation.name();
    }

    public int parallelism() {
        return parallelism;
    }

    public List<PlanEdge> inputs() {
        return inputs;
    }

    public List<PlanEdge> outputs() {
        return outputs;
    }

    @Override
    public String toString() {
        return name() + "[p=" + parallelism + "]";
    }
}
