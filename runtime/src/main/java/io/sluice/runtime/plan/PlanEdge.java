package io.sluice.runtime.plan;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.Partitioner;
import io.sluice.api.graph.PartitionTransformation.Partitioning;

/**
 * A connection between two operators after virtual nodes are resolved: how records are spread
 * ({@code partitioning}, with the key selector for HASH and CUSTOM, and the user's partitioner for
 * CUSTOM), and which output they come from ({@code sideOutput}, or {@code null} for the main output).
 */
public record PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                       KeySelector<?, ?> keySelector, OutputTag<?> sideOutput, Partitioner<?> customPartitioner) {

    public PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                    KeySelector<?, ?> keySelector, OutputTag<?> sideOutput) {
        this(source, target, partitioning, keySelector, sideOutput, null);
    }

    /** True when the two ends can run in one chain, as far as this edge is concerned. */
    boolean isChainable() {
        return sideOutput == null && partitioning == Partitioning.FORWARD
                && source.parallelism() == target.parallelism()
                && !source.transformation().chainingDisabled() && !target.transformation().chainingDisabled()
                && !target.transformation().startsNewChain()
                && target.inputs().size() == 1 && source.outputs().size() == 1;
    }

    @Override
    public String toString() {
        return source.name() + " -" + partitioning + (sideOutput == null ? "" : "[" + sideOutput.id() + "]") + "-> "
                + target.name();
    }
}
