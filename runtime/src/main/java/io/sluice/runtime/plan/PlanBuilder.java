package io.sluice.runtime.plan;

import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.graph.SideOutputTransformation;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.graph.UnionTransformation;
import io.sluice.api.internal.JobValidator;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the logical graph into an {@link ExecutionPlan}: resolves virtual nodes (partitioning,
 * union, side outputs) into edges, defaults unpartitioned edges to FORWARD when parallelism is
 * equal and REBALANCE otherwise, and chains linear forward runs of operators (and a keyBy between
 * two single subtasks, unless {@code execution.chain-single-subtask-key-by} is off). A two-input operator
 * (from {@code connect}) gets the edges of both inputs, marked with the input they reach, and
 * always heads a chain; operators after it may chain to it.
 */
public final class PlanBuilder {

    private PlanBuilder() {
    }

    public static ExecutionPlan build(StreamEnvironment env) {
        Map<Transformation<?>, OperatorNode> nodes = new LinkedHashMap<>();
        for (Transformation<?> t : env.transformations()) {
            if (!t.isVirtual()) {
                nodes.put(t, new OperatorNode(t, JobValidator.parallelismOf(env, t)));
            }
        }
        for (OperatorNode node : nodes.values()) {
            if (node.transformation() instanceof OneInputTransformation<?, ?> o) {
                resolve(o.input(), node, null, null, 0, nodes);
            } else if (node.transformation() instanceof TwoInputTransformation<?, ?, ?> two) {
                resolve(two.input1(), node, null, null, 0, nodes);
                resolve(two.input2(), node, null, null, 1, nodes);
            }
        }
        List<PlannedChain> chains = chain(nodes.values(), env.config().get(ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY));
        List<PlanEdge> chainEdges = new ArrayList<>();
        for (OperatorNode node : nodes.values()) {
            for (PlanEdge e : node.inputs()) {
                if (!isChained(e, chains)) {
                    chainEdges.add(e);
                }
            }
        }
        return new ExecutionPlan(chains, chainEdges, env.maxParallelism());
    }

    /** Walks up from {@code t} through virtual nodes to real operators, adding one edge per path. */
    private static void resolve(Transformation<?> t, OperatorNode target, PartitionTransformation<?> partition,
                                OutputTag<?> tag, int targetInput, Map<Transformation<?>, OperatorNode> nodes) {
        if (t instanceof PartitionTransformation<?> p) {
            // The partitioning closest to the consumer wins.
            resolve(p.input(), target, partition != null ? partition : p, tag, targetInput, nodes);
        } else if (t instanceof UnionTransformation<?> u) {
            for (Transformation<?> input : u.inputs()) {
                resolve(input, target, partition, tag, targetInput, nodes);
            }
        } else if (t instanceof SideOutputTransformation<?> s) {
            if (tag != null) {
                throw new InvalidJobException("a side output of a side output is not supported (at '"
                        + target.name() + "')");
            }
            resolve(s.input(), target, partition, s.tag(), targetInput, nodes);
        } else {
            OperatorNode source = nodes.get(t);
            if (source == null) {
                throw new IllegalStateException("no operator for " + t);
            }
            Partitioning p = partition == null ? null : partition.partitioning();
            if (p == null) {
                p = source.parallelism() == target.parallelism() ? Partitioning.FORWARD : Partitioning.REBALANCE;
            }
            if (p == Partitioning.FORWARD && source.parallelism() != target.parallelism()) {
                throw new InvalidJobException("forward() connects operators of equal parallelism, but '" + source.name()
                        + "' has " + source.parallelism() + " and '" + target.name() + "' has "
                        + target.parallelism() + "; use rebalance() or set equal parallelism");
            }
            PlanEdge edge = partition == null ? new PlanEdge(source, target, p, null, tag, targetInput)
                    : new PlanEdge(source, target, p, partition.keySelector(), tag, partition.partitioner(),
                    targetInput);
            source.outputs().add(edge);
            target.inputs().add(edge);
        }
    }

    private static List<PlannedChain> chain(Iterable<OperatorNode> nodes, boolean chainSingleSubtaskKeyBy) {
        Map<OperatorNode, Boolean> chainedToPredecessor = new IdentityHashMap<>();
        for (OperatorNode node : nodes) {
            chainedToPredecessor.put(node, node.inputs().size() == 1 && node.inputs().get(0).isChainable(chainSingleSubtaskKeyBy)
                    && !(node.transformation() instanceof SourceTransformation));
        }
        List<PlannedChain> chains = new ArrayList<>();
        for (OperatorNode node : nodes) {
            if (chainedToPredecessor.get(node)) {
                continue; // part of the chain of its predecessor
            }
            List<OperatorNode> members = new ArrayList<>();
            OperatorNode current = node;
            members.add(current);
            while (current.outputs().size() == 1 && chainedToPredecessor.get(current.outputs().get(0).target())) {
                current = current.outputs().get(0).target();
                members.add(current);
            }
            chains.add(new PlannedChain(chains.size(), List.copyOf(members)));
        }
        return chains;
    }

    private static boolean isChained(PlanEdge e, List<PlannedChain> chains) {
        for (PlannedChain c : chains) {
            List<OperatorNode> ops = c.operators();
            for (int i = 0; i + 1 < ops.size(); i++) {
                if (ops.get(i) == e.source() && ops.get(i + 1) == e.target()) {
                    return true;
                }
            }
        }
        return false;
    }
}
