package io.sluice.runtime.plan;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.config.Configuration;
import io.sluice.api.config.ExecutionOptions;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The physical plan of jobs that are built but never run. */
class PlanBuilderTest {

    private static final OutputTag<Long> ODD = new OutputTag<>("odd");

    private final StreamEnvironment env = StreamEnvironment.create().setParallelism(2);

    private DataStream<Long> numbers() {
        return env.fromSequence(1, 10).name("numbers");
    }

    private static <T> CollectSink<T> sink() {
        return new CollectSink<>();
    }

    @Test
    void shouldChainALinearForwardPipelineIntoOneTask() {
        numbers().map(x -> x * 2).name("double").filter(x -> x > 4).name("big").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "double", "big", "out"));
        assertThat(plan.chains().get(0).parallelism()).isEqualTo(2);
        assertThat(plan.chains().get(0).head().name()).isEqualTo("numbers");
        assertThat(plan.chains().get(0).tail().name()).isEqualTo("out");
        assertThat(plan.chainEdges()).isEmpty();
        assertThat(plan.maxParallelism()).isEqualTo(128);
        assertWellFormed(plan);
    }

    @Test
    void shouldBreakTheChainAtKeyBy() {
        KeySelector<Long, Long> byParity = x -> x % 2;
        numbers().map(x -> x + 1).name("inc").keyBy(byParity).reduce(Long::sum).name("sum").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "inc"), List.of("sum", "out"));
        assertThat(edgeDescriptions(plan)).containsExactly("inc -HASH-> sum");
        assertThat(plan.chainEdges().get(0).keySelector()).isSameAs(byParity);
        assertThat(plan.chainEdges().get(0).sideOutput()).isNull();
        assertWellFormed(plan);
    }

    @Test
    void shouldChainAKeyByBetweenSingleSubtasks() {
        StreamEnvironment single = StreamEnvironment.create().setParallelism(1);
        single.fromSequence(1, 10).name("numbers").map(x -> x + 1).name("inc").keyBy(x -> x % 2)
                .reduce(Long::sum).name("sum").keyBy(x -> x % 3).reduce(Long::sum).name("again")
                .sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(single);

        // every key goes to the one subtask there is: no ring, one task
        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "inc", "sum", "again", "out"));
        assertThat(plan.chainEdges()).isEmpty();
        assertWellFormed(plan, true);
    }

    @Test
    void shouldKeepAKeyByBetweenSingleSubtasksApartWhenTheOptionIsOff() {
        StreamEnvironment single = StreamEnvironment.create(
                new Configuration().set(ExecutionOptions.CHAIN_SINGLE_SUBTASK_KEY_BY, false)).setParallelism(1);
        single.fromSequence(1, 10).name("numbers").keyBy(x -> x % 2).reduce(Long::sum).name("sum")
                .sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(single);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("sum", "out"));
        assertThat(edgeDescriptions(plan)).containsExactly("numbers -HASH-> sum");
        assertWellFormed(plan, false);
    }

    @Test
    void shouldChainAKeyByOnlyWhenBothSidesRunOneSubtaskAndNothingForbidsIt() {
        StreamEnvironment single = StreamEnvironment.create().setParallelism(1);
        DataStream<Long> numbers = single.fromSequence(1, 10).name("numbers");
        numbers.keyBy(x -> x % 2).reduce(Long::sum).name("wide").setParallelism(2).sinkTo(sink()).name("wide-out")
                .setParallelism(2);
        DataStream<Long> other = single.fromSequence(1, 10).name("other");
        other.keyBy(x -> x % 2).reduce(Long::sum).name("apart").startNewChain().keyBy(x -> x % 3)
                .reduce(Long::sum).name("isolated").disableChaining().sinkTo(sink()).name("other-out");

        ExecutionPlan plan = PlanBuilder.build(single);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("wide", "wide-out"), List.of("other"),
                List.of("apart"), List.of("isolated"), List.of("other-out"));
        assertThat(edgeDescriptions(plan)).containsExactlyInAnyOrder("numbers -HASH-> wide", "other -HASH-> apart",
                "apart -HASH-> isolated", "isolated -FORWARD-> other-out");
        assertWellFormed(plan, true);
    }

    @Test
    void shouldBreakTheChainAtRebalance() {
        numbers().rebalance().map(x -> x).name("id").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("id", "out"));
        assertThat(edgeDescriptions(plan)).containsExactly("numbers -REBALANCE-> id");
        assertThat(plan.chainEdges().get(0).keySelector()).isNull();
        assertWellFormed(plan);
    }

    @Test
    void shouldRebalanceAndBreakTheChainBetweenDifferentParallelisms() {
        numbers().map(x -> x).name("wide").setParallelism(3).filter(x -> true).name("narrow").setParallelism(1)
                .sinkTo(sink()).name("out").setParallelism(1);

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("wide"), List.of("narrow", "out"));
        assertThat(plan.chains()).extracting(PlannedChain::parallelism).containsExactly(2, 3, 1);
        assertThat(edgeDescriptions(plan)).containsExactly("numbers -REBALANCE-> wide", "wide -REBALANCE-> narrow");
        assertWellFormed(plan);
    }

    @Test
    void shouldChainAnExplicitForwardOfEqualParallelism() {
        numbers().forward().map(x -> x).name("id").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "id", "out"));
        assertWellFormed(plan);
    }

    @Test
    void shouldIsolateAnOperatorWithChainingDisabled() {
        numbers().map(x -> x).name("alone").disableChaining().filter(x -> true).name("big").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("alone"), List.of("big", "out"));
        assertThat(edgeDescriptions(plan)).containsExactly("numbers -FORWARD-> alone", "alone -FORWARD-> big");
        assertWellFormed(plan);
    }

    @Test
    void shouldIsolateASinkWithChainingDisabled() {
        numbers().map(x -> x).name("id").sinkTo(sink()).name("out").disableChaining();

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "id"), List.of("out"));
        assertWellFormed(plan);
    }

    @Test
    void shouldEndTheChainAtAProducerWithTwoConsumers() {
        DataStream<Long> shared = numbers().map(x -> x).name("shared");
        shared.filter(x -> x % 2 == 0).name("even").sinkTo(sink()).name("even-out");
        shared.filter(x -> x % 2 == 1).name("odd").sinkTo(sink()).name("odd-out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(
                List.of("numbers", "shared"), List.of("even", "even-out"), List.of("odd", "odd-out"));
        assertThat(edgeDescriptions(plan)).containsExactly("shared -FORWARD-> even", "shared -FORWARD-> odd");
        assertWellFormed(plan);
    }

    @Test
    void shouldNeverChainASideOutputEdge() {
        DataStream<Long> evens = numbers().process(new SplitOdd()).name("split");
        evens.getSideOutput(ODD).sinkTo(sink()).name("odd-out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "split"), List.of("odd-out"));
        assertThat(edgeDescriptions(plan)).containsExactly("split -FORWARD[odd]-> odd-out");
        assertThat(plan.chainEdges().get(0).sideOutput()).isEqualTo(ODD);
        assertWellFormed(plan);
    }

    @Test
    void shouldKeepMainAndSideOutputConsumersOutOfTheProducersChain() {
        DataStream<Long> evens = numbers().process(new SplitOdd()).name("split");
        evens.sinkTo(sink()).name("even-out");
        evens.getSideOutput(ODD).sinkTo(sink()).name("odd-out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(
                List.of("numbers", "split"), List.of("even-out"), List.of("odd-out"));
        assertThat(edgeDescriptions(plan)).containsExactly("split -FORWARD-> even-out", "split -FORWARD[odd]-> odd-out");
        assertWellFormed(plan);
    }

    @Test
    void shouldGiveAUnionOneConsumerWithAnEdgePerInput() {
        DataStream<Long> a = numbers().map(x -> x).name("a");
        DataStream<Long> b = env.fromSequence(1, 5).name("more").setParallelism(1).map(x -> x).name("b")
                .setParallelism(1);
        DataStream<Long> c = env.fromSequence(1, 5).name("most").map(x -> x).name("c");
        a.union(b, c).map(x -> x).name("merged").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(
                List.of("numbers", "a"), List.of("more", "b"), List.of("most", "c"), List.of("merged", "out"));
        OperatorNode merged = plan.chains().get(3).head();
        assertThat(merged.inputs()).extracting(PlanEdge::toString)
                .containsExactly("a -FORWARD-> merged", "b -REBALANCE-> merged", "c -FORWARD-> merged");
        assertThat(edgeDescriptions(plan))
                .containsExactly("a -FORWARD-> merged", "b -REBALANCE-> merged", "c -FORWARD-> merged");
        assertWellFormed(plan);
    }

    @Test
    void shouldApplyThePartitioningClosestToTheConsumer() {
        numbers().keyBy(x -> x).rebalance().map(x -> x).name("id").sinkTo(sink()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(edgeDescriptions(plan)).containsExactly("numbers -REBALANCE-> id");
        assertThat(plan.chainEdges().get(0).keySelector()).isNull();
        assertWellFormed(plan);
    }

    @Test
    void shouldRefuseForwardBetweenUnequalParallelismsNamingBothOperators() {
        numbers().forward().map(x -> x).name("tripled").setParallelism(3).sinkTo(sink()).name("out");

        assertThatThrownBy(() -> PlanBuilder.build(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("forward() connects operators of equal parallelism, but 'numbers' has 2 and 'tripled'"
                        + " has 3; use rebalance() or set equal parallelism");
    }

    @Test
    void shouldListChainsInTopologicalOrder() {
        // Two sources; the first source's consumers are created after the second source and its map.
        DataStream<Long> first = numbers();
        DataStream<Long> second = env.fromSequence(1, 3).name("second").setParallelism(1);
        DataStream<Long> late = second.map(x -> x).name("late").setParallelism(1);
        DataStream<Long> keyed = first.keyBy(x -> x % 3).reduce(Long::sum).name("sum");
        DataStream<Long> split = keyed.process(new SplitOdd()).name("split").disableChaining();
        split.getSideOutput(ODD).union(late).rebalance().map(x -> x).name("joined").setParallelism(4)
                .sinkTo(sink()).name("joined-out").setParallelism(4);
        split.sinkTo(sink()).name("split-out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(
                List.of("numbers"), List.of("second", "late"), List.of("sum"), List.of("split"),
                List.of("joined", "joined-out"), List.of("split-out"));
        assertWellFormed(plan);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** Emits even numbers on the main output and odd ones to {@link #ODD}. */
    static final class SplitOdd extends ProcessFunction<Long, Long> {
        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (value % 2 == 0) {
                out.collect(value);
            } else {
                ctx.output(ODD, value);
            }
        }
    }

    private static List<List<String>> chainNames(ExecutionPlan plan) {
        List<List<String>> names = new ArrayList<>();
        for (PlannedChain c : plan.chains()) {
            names.add(c.operators().stream().map(OperatorNode::name).toList());
        }
        return names;
    }

    private static List<String> edgeDescriptions(ExecutionPlan plan) {
        return plan.chainEdges().stream().map(PlanEdge::toString).toList();
    }

    /**
     * The invariants of every plan: chains are numbered by position; every operator is in exactly
     * one chain; inside a chain, neighbours are joined by their only edge, a forward main-output edge (or a keyBy between single subtasks)
     * between equal parallelisms; the edges between chains are exactly the other edges; and every
     * such edge goes from an earlier chain to a later one (topological order).
     */
    private static void assertWellFormed(ExecutionPlan plan) {
        assertWellFormed(plan, true);
    }

    /** As {@link #assertWellFormed(ExecutionPlan)}, for a plan built with {@code execution.chain-single-subtask-key-by} as given. */
    private static void assertWellFormed(ExecutionPlan plan, boolean chainSingleSubtaskKeyBy) {
        String described = plan.describe();
        Map<OperatorNode, Integer> chainIndex = new IdentityHashMap<>();
        for (int i = 0; i < plan.chains().size(); i++) {
            PlannedChain c = plan.chains().get(i);
            assertThat(c.index()).as("index of chain %d in\n%s", i, described).isEqualTo(i);
            for (OperatorNode op : c.operators()) {
                assertThat(chainIndex.put(op, i)).as("%s in two chains in\n%s", op, described).isNull();
                assertThat(op.parallelism()).as("parallelism of %s in\n%s", op, described).isEqualTo(c.parallelism());
            }
            for (int j = 0; j + 1 < c.operators().size(); j++) {
                OperatorNode from = c.operators().get(j);
                OperatorNode to = c.operators().get(j + 1);
                assertThat(from.outputs()).as("outputs of %s in\n%s", from, described).hasSize(1);
                assertThat(to.inputs()).as("inputs of %s in\n%s", to, described).hasSize(1);
                PlanEdge e = from.outputs().get(0);
                assertThat(e.target()).isSameAs(to);
                if (e.partitioning() == Partitioning.HASH) {
                    assertThat(chainSingleSubtaskKeyBy).as("chained keyBy %s with the option off", e).isTrue();
                    assertThat(from.parallelism()).as("parallelism of chained keyBy %s", e).isEqualTo(1);
                } else {
                    assertThat(e.partitioning()).as("chained edge %s", e).isEqualTo(Partitioning.FORWARD);
                }
                assertThat(e.sideOutput()).as("chained edge %s", e).isNull();
                assertThat(from.transformation().chainingDisabled()).as("chained %s", from).isFalse();
                assertThat(to.transformation().chainingDisabled()).as("chained %s", to).isFalse();
            }
            assertThat(c.head().inputs().size() == 1 && c.head().inputs().get(0).isChainable(chainSingleSubtaskKeyBy))
                    .as("head %s could have joined its predecessor's chain in\n%s", c.head(), described).isFalse();
        }
        List<PlanEdge> between = new ArrayList<>();
        for (PlannedChain c : plan.chains()) {
            for (OperatorNode op : c.operators()) {
                for (PlanEdge e : op.inputs()) {
                    assertThat(chainIndex).as("source of %s is in a chain", e).containsKey(e.source());
                    assertThat(e.source().outputs()).as("%s is among its source's outputs", e).contains(e);
                    boolean inside = chainIndex.get(e.source()).equals(chainIndex.get(e.target()));
                    if (!inside) {
                        between.add(e);
                        assertThat(chainIndex.get(e.source())).as("edge %s goes backwards in\n%s", e, described)
                                .isLessThan(chainIndex.get(e.target()));
                    }
                }
            }
        }
        assertThat(plan.chainEdges()).as("edges between chains in\n%s", described)
                .containsExactlyInAnyOrderElementsOf(between);
        for (PlanEdge e : plan.chainEdges()) {
            assertThat(plan.chainOf(e.source())).isNotSameAs(plan.chainOf(e.target()));
        }
    }
}
