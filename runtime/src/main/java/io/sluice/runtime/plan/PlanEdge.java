package io.sluice.runtime.plan;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.Partitioner;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.graph.TwoInputTransformation;

/**
 * A connection between two operators after virtual nodes are resolved: how records are spread
 * ({@code partitioning}, with the key selector for HASH and CUSTOM, and the user's partitioner for
 * CUSTOM), which output they come from ({@code sideOutput}, or {@code null} for the main output),
 * and which input of the target they reach ({@code targetInput}: 0, or 1 for the second input of a
 * two-input operator).
 */
public record PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                       KeySelector<?, ?> keySelector, OutputTag<?> sideOutput, Partitioner<?> customPartitioner,
                       int targetInput) {

    public PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                    KeySelector<?, ?> keySelector, OutputTag<?> sideOutput) {
        this(source, target, partitioning, keySelector, sideOutput, null, 0);
    }

    public PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                    KeySelector<?, ?> keySelector, OutputTag<?> sideOutput, Partitioner<?> customPartitioner) {
        this(source, target, partitioning, keySelector, sideOutput, customPartitioner, 0);
    }

    public PlanEdge(OperatorNode source, OperatorNode target, Partitioning partitioning,
                    KeySelector<?, ?> keySelector, OutputTag<?> sideOutput, int targetInput) {
        this(source, target, partitioning, keySelector, sideOutput, null, targetInput);
    }

    /**
     * True when the two ends can run in one chain, as far as this edge is concerned: a forward edge,
     * or (when {@code chainSingleSubtaskKeyBy}) a keyBy between two single subtasks, which sends
     * every key to the one subtask there is.
     */
    boolean isChainable(boolean chainSingleSubtaskKeyBy) {
        boolean oneToOne = partitioning == Partitioning.FORWARD
                || chainSingleSubtaskKeyBy && partitioning == Partitioning.HASH && source.parallelism() == 1;
        // a two-input operator heads its own task, as in Flink: it is never chained to an input
        return oneToOne && sideOutput == null && !(target.transformation() instanceof TwoInputTransformation)
                && source.parallelism() == target.parallelism()
                && !source.transformation().chainingDisabled() && !target.transformation().chainingDisabled()
                && !target.transformation().startsNewChain()
                && target.inputs().size() == 1 && source.outputs().size() == 1;
    }

    @Override
    public String toString() {
        return source.name() + " -" + partitioning + (sideOutput == null ? "" : "[" + sideOutput.id() + "]") + "-> "
                + target.name() + (targetInput == 0 ? "" : " (input " + (targetInput + 1) + ")");
    }
}
