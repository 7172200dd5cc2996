package io.sluice.runtime.task;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.MapFunction;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job's chain links are leased for as long as its tasks run and given back when they close: the
 * same job run again reuses them (its compiled code kept), every record still reaching the right
 * operator.
 */
class ChainLinksJobTest {

    /** The classes of the links that called this function, seen from its stack. */
    static final Set<Class<?>> CALLERS = ConcurrentHashMap.newKeySet();

    static final class Tripled implements MapFunction<Long, Long> {
        @Override
        public Long map(Long value) {
            StackWalker.getInstance(Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE,
                            StackWalker.Option.SHOW_HIDDEN_FRAMES))
                    .forEach(f -> {
                        if (f.getDeclaringClass().getName().startsWith(ChainedOutput.class.getName())) {
                            CALLERS.add(f.getDeclaringClass());
                        }
                    });
            return value * 3;
        }
    }

    @Test
    void shouldReuseAJobsLinksWhenItRunsAgainAfterItsTasksClosed() throws Exception {
        List<Long> expected = LongStream.rangeClosed(1, 500).map(v -> v * 3).boxed().collect(Collectors.toList());

        CALLERS.clear();
        assertThat(run()).containsExactlyElementsOf(expected);
        Set<Class<?>> first = Set.copyOf(CALLERS);
        CALLERS.clear();
        assertThat(run()).containsExactlyElementsOf(expected);
        Set<Class<?>> second = Set.copyOf(CALLERS);

        assertThat(first).hasSize(1);
        assertThat(first.iterator().next().isHidden()).as("a link's own copy").isTrue();
        assertThat(second).as("the copy given back by the first run").isEqualTo(first);
    }

    private static List<Long> run() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(1, 500).map(new Tripled()).name("tripled").sinkTo(sink);
        env.execute("chain-links-again");
        return sink.values();
    }
}
