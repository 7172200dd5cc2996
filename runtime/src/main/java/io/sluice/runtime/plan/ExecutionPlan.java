package io.sluice.runtime.plan;

import java.util.List;

/**
 * The physical shape of a job: chains (in topological order) and the edges between them, each of
 * which becomes one ring per pair of producing and consuming subtasks.
 */
public record ExecutionPlan(List<PlannedChain> chains, List<PlanEdge> chainEdges, int maxParallelism) {

    /** The chain an operator belongs to. */
    public PlannedChain chainOf(OperatorNode node) {
        for (PlannedChain c : chains) {
            if (c.operators().contains(node)) {
                return c;
            }
        }
        throw new IllegalArgumentException("operator " + node + " is in no chain");
    }

    /** A readable description, one chain per line, for logs and debugging. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (PlannedChain c : chains) {
            sb.append("task ").append(c.index()).append(" [p=").append(c.parallelism()).append("]: ")
                    .append(c.name()).append('\n');
        }
        for (PlanEdge e : chainEdges) {
            sb.append("  ").append(e).append('\n');
        }
        return sb.toString();
    }
}
