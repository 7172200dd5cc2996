package io.sluice.runtime.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Operators that run in one task, calling each other directly: connected one-to-one (forward),
 * with equal parallelism, and nothing forbids it. The head may be a source.
 */
public record PlannedChain(int index, List<OperatorNode> operators) {

    public int parallelism() {
        return operators.get(0).parallelism();
    }

    public OperatorNode head() {
        return operators.get(0);
    }

    public OperatorNode tail() {
        return operators.get(operators.size() - 1);
    }

    public String name() {
        return operators.stream().map(OperatorNode::name).collect(Collectors.joining(" -> "));
    }
}
