package io.sluice.api.internal;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.PartitionTransformation.Partitioning;
import io.sluice.api.graph.Transformation;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.time.WatermarkStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sluice.api.TestJobs.discard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whole-job checks, run as {@code execute()} would run them, without a runtime. */
class JobValidatorTest {

    private final StreamEnvironment env = StreamEnvironment.create().setParallelism(2);

    /** A source that holds something that cannot be serialized. */
    static final class BrokenSource implements Source<Long, CollectionSource.RangeSplit> {
        private final Object connection = new Object();

        public Boundedness boundedness() {
            return Boundedness.BOUNDED;
        }

        public List<CollectionSource.RangeSplit> createSplits(int parallelism) {
            return List.of();
        }

        public SourceReader<Long, CollectionSource.RangeSplit> createReader(SourceReaderContext context) {
            throw new UnsupportedOperationException(String.valueOf(connection));
        }

        public TypeSerializer<CollectionSource.RangeSplit> splitSerializer() {
            return null;
        }
    }

    @Test
    void shouldRefuseAJobWithoutOperators() {
        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("the job defines no operators: add a source and a sink");
    }

    @Test
    void shouldRefuseParallelismAboveMaxParallelismNamingTheOperatorAndTheFix() {
        env.setMaxParallelism(4);
        env.fromSequence(1, 10).map(x -> x * 2).name("doubler").setParallelism(8).sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("parallelism 8 exceeds maxParallelism 4 for operator 'doubler';"
                        + " raise maxParallelism or lower the parallelism");
    }

    @Test
    void shouldRefuseADefaultParallelismAboveMaxParallelism() {
        env.setParallelism(16).setMaxParallelism(8);
        env.fromSequence(1, 10).sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("parallelism 16 exceeds maxParallelism 8 for operator 'sequence';"
                        + " raise maxParallelism or lower the parallelism");
    }

    @Test
    void shouldRefuseASinkWithParallelismAboveMaxParallelism() {
        env.setMaxParallelism(4);
        env.fromSequence(1, 10).sinkTo(discard()).name("out").setParallelism(5);

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("parallelism 5 exceeds maxParallelism 4 for operator 'out'");
    }

    @Test
    void shouldAcceptParallelismEqualToMaxParallelism() {
        env.setMaxParallelism(4);
        DataStream<Long> mapped = env.fromSequence(1, 10).map(x -> x + 1).setParallelism(4);
        mapped.sinkTo(discard());

        JobValidator.validate(env);

        assertThat(JobValidator.parallelismOf(env, mapped.transformation())).isEqualTo(4);
    }

    @Test
    void shouldUseTheEnvironmentParallelismForOperatorsThatSetNone() {
        DataStream<Long> source = env.fromSequence(1, 10);
        DataStream<Long> mapped = source.map(x -> x).setParallelism(3);

        assertThat(source.transformation().parallelism()).isEqualTo(Transformation.DEFAULT_PARALLELISM);
        assertThat(JobValidator.parallelismOf(env, source.transformation())).isEqualTo(2);
        assertThat(JobValidator.parallelismOf(env, mapped.transformation())).isEqualTo(3);
    }

    @Test
    void shouldRefuseDuplicateUidsNamingBothOperators() {
        env.fromSequence(1, 10)
                .map(x -> x).name("m1").uid("enrich")
                .filter(x -> x > 0).name("f1").uid("enrich")
                .sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("uid 'enrich' is used by both operator 'm1' and operator 'f1'; uids must be unique"
                        + " within a job");
    }

    @Test
    void shouldRefuseAUidSharedBySinkAndOperator() {
        env.fromSequence(1, 10).map(x -> x).name("m").uid("x").sinkTo(discard()).name("out").uid("x");

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("uid 'x' is used by both operator 'm' and operator 'out'");
    }

    @Test
    void shouldAcceptDistinctUids() {
        DataStream<Long> m = env.fromSequence(1, 10).uid("src").map(x -> x).uid("m");
        m.sinkTo(discard()).uid("out");

        JobValidator.validate(env);

        assertThat(env.transformations()).extracting(Transformation::uid).containsExactly("src", "m", "out");
    }

    @Test
    void shouldRefuseALambdaCapturingANonSerializableObjectNamingTheOperator() {
        Object lock = new Object();
        env.fromSequence(1, 10).map(x -> {
            synchronized (lock) {
                return x;
            }
        }).name("locked-map").sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("the lambda " + JobValidatorTest.class.getName() + "::lambda of operator"
                        + " 'locked-map' cannot be copied to its parallel subtasks: java.lang.Object is not"
                        + " serializable.")
                .hasMessageContaining("create non-serializable resources in open() instead");
    }

    @Test
    void shouldRefuseAKeySelectorCapturingANonSerializableObject() {
        Thread owner = Thread.currentThread();
        env.fromSequence(1, 10).keyBy(x -> x % owner.getPriority()).reduce(Long::sum).name("sum-by-priority")
                .sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("of operator 'sum-by-priority' cannot be copied")
                .hasMessageContaining("java.lang.Thread is not serializable");
    }

    @Test
    void shouldRefuseASinkCapturingANonSerializableObject() {
        Object lock = new Object();
        env.fromSequence(1, 10).sinkTo(context -> (element, timestamp) -> lock.notifyAll()).name("locked-sink");

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("of operator 'locked-sink' cannot be copied");
    }

    @Test
    void shouldRefuseANonSerializableSourceNamingIt() {
        env.fromSource(new BrokenSource(), WatermarkStrategy.noWatermarks(), "broken-source").sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("the " + BrokenSource.class.getName() + " of operator 'broken-source'"
                        + " cannot be copied to its parallel subtasks: java.lang.Object is not serializable.");
    }

    @Test
    void shouldAcceptLambdasCapturingSerializableValues() {
        long offset = 10;
        List<String> names = List.of("a", "b");
        DataStream<String> named = env.fromSequence(0, 1).map(x -> names.get(x.intValue()) + offset);
        named.sinkTo(discard());

        JobValidator.validate(env);

        assertThat(env.transformations()).hasSize(3);
    }

    @Test
    void shouldAcceptACollectionOfNonSerializableElementsAsTheSourceIsShared() {
        Object notSerializable = new Object();
        DataStream<Object> elements = env.fromElements(notSerializable);
        elements.sinkTo(discard());

        JobValidator.validate(env);

        CollectionSource<?> source = (CollectionSource<?>) ((io.sluice.api.graph.SourceTransformation<?>)
                elements.transformation()).source();
        assertThat(UserObjects.copy(source, "collection", getClass().getClassLoader())).isSameAs(source);
    }

    @Test
    void shouldRefuseForwardBetweenOperatorsOfDifferentParallelism() {
        env.fromSequence(1, 10).setParallelism(2).forward().map(x -> x).name("m").setParallelism(3)
                .sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("forward() connects operators of equal parallelism, but 'sequence' has 2 and 'm' has 3;"
                        + " use rebalance() or set equal parallelism");
    }

    @Test
    void shouldCompareForwardParallelismWithTheEnvironmentDefault() {
        env.fromSequence(1, 10).map(x -> x).name("up").forward().filter(x -> true).name("down").setParallelism(1)
                .sinkTo(discard());

        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("but 'up' has 2 and 'down' has 1");
    }

    @Test
    void shouldAcceptForwardBetweenOperatorsOfEqualParallelism() {
        DataStream<Long> forwarded = env.fromSequence(1, 10).setParallelism(3).forward();
        forwarded.map(x -> x).setParallelism(3).sinkTo(discard());

        JobValidator.validate(env);

        assertThat(((PartitionTransformation<Long>) forwarded.transformation()).partitioning())
                .isEqualTo(Partitioning.FORWARD);
    }

    @Test
    void shouldAcceptRebalanceBetweenOperatorsOfDifferentParallelism() {
        DataStream<Long> rebalanced = env.fromSequence(1, 10).setParallelism(2).rebalance();
        rebalanced.map(x -> x).setParallelism(5).sinkTo(discard());

        JobValidator.validate(env);

        assertThat(((PartitionTransformation<Long>) rebalanced.transformation()).partitioning())
                .isEqualTo(Partitioning.REBALANCE);
    }

    /** A map function that keeps a count per key: keyed state, so it needs keyBy first. */
    static final class CountingMap implements io.sluice.api.functions.MapFunction<Long, Long> {
        private transient io.sluice.api.state.ValueState<Long> count;

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    @Test
    void shouldRefuseAFunctionHoldingKeyedStateOnAStreamThatIsNotKeyed() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSequence(1, 10).map(new CountingMap()).name("count-per-key").sinkTo(discard());
        assertThatThrownBy(() -> JobValidator.validate(env))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("operator 'count-per-key' keeps keyed state (field 'count' of type ValueState in "
                        + CountingMap.class.getName() + "), but its input 'sequence' is not keyed; call keyBy(...)"
                        + " before it");
    }

    @Test
    void shouldAcceptAFunctionHoldingKeyedStateAfterKeyBy() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSequence(1, 10).keyBy(x -> x % 3).map(new CountingMap()).sinkTo(discard());
        JobValidator.validate(env);
    }
}
