package io.sluice.runtime.plan;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.Partitioner;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plans of startNewChain, shuffle, global and partitionCustom. */
class PartitioningPlanTest {

    private final StreamEnvironment env = StreamEnvironment.create().setParallelism(2);

    private DataStream<Long> numbers() {
        return env.fromSequence(1, 10).name("numbers");
    }

    @Test
    void shouldStartANewChainAtTheOperatorAndChainWhatFollowsToIt() {
        numbers().map(x -> x).name("a").map(x -> x).name("b").startNewChain().map(x -> x).name("c")
                .sinkTo(new CollectSink<>()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers", "a"), List.of("b", "c", "out"));
        assertThat(edges(plan)).containsExactly("a -FORWARD-> b");
    }

    @Test
    void shouldKeepOneChainWithoutStartNewChain() {
        numbers().map(x -> x).name("a").map(x -> x).name("b").map(x -> x).name("c").sinkTo(new CollectSink<>())
                .name("out");

        assertThat(chainNames(PlanBuilder.build(env))).containsExactly(List.of("numbers", "a", "b", "c", "out"));
    }

    @Test
    void shouldRefuseStartNewChainOnAStreamThatIsNotAnOperators() {
        assertThatThrownBy(() -> numbers().shuffle().startNewChain())
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("startNewChain() applies to operators, but this stream comes from 'shuffle', which is not"
                        + " one; call it right after the operator");
    }

    @Test
    void shouldBreakTheChainAtShuffleGlobalAndPartitionCustom() {
        Partitioner<Long> byValue = (key, n) -> (int) (key % n);
        KeySelector<Long, Long> identity = x -> x;
        numbers().shuffle().map(x -> x).name("shuffled")
                .global().map(x -> x).name("gathered")
                .partitionCustom(byValue, identity).map(x -> x).name("custom")
                .sinkTo(new CollectSink<>()).name("out");

        ExecutionPlan plan = PlanBuilder.build(env);

        assertThat(chainNames(plan)).containsExactly(List.of("numbers"), List.of("shuffled"), List.of("gathered"),
                List.of("custom", "out"));
        assertThat(edges(plan)).containsExactly("numbers -SHUFFLE-> shuffled", "shuffled -GLOBAL-> gathered",
                "gathered -CUSTOM-> custom");
        PlanEdge custom = plan.chainEdges().get(2);
        assertThat(custom.customPartitioner()).isSameAs(byValue);
        assertThat(custom.keySelector()).isSameAs(identity);
        assertThat(plan.chainEdges().get(0).customPartitioner()).isNull();
        assertThat(plan.chainEdges().get(0).keySelector()).isNull();
    }

    @Test
    void shouldRunAJobWithANewChainUnchanged() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        numbers().map(x -> x + 1).name("a").startNewChain().map(x -> x * 10).name("b").startNewChain().sinkTo(sink);
        env.execute("new-chains");

        assertThat(sink.values()).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, 10).map(x -> (x + 1) * 10).boxed().collect(Collectors.toList()));
    }

    private static List<List<String>> chainNames(ExecutionPlan plan) {
        List<List<String>> names = new ArrayList<>();
        for (PlannedChain c : plan.chains()) {
            names.add(c.operators().stream().map(OperatorNode::name).toList());
        }
        return names;
    }

    private static List<String> edges(ExecutionPlan plan) {
        return plan.chainEdges().stream().map(PlanEdge::toString).toList();
    }
}
