package io.sluice.runtime.it;

import io.sluice.api.JobFailedException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Partitioner;
import io.sluice.runtime.testing.SubtaskCollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** shuffle, global and partitionCustom, run as real jobs: which subtask received each element. */
class PartitioningTest {

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().collect(Collectors.toList());
    }

    @Test
    void shouldSendEveryElementToTheFirstSubtaskWithGlobal() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        env.fromSequence(1, 3_000).global().sinkTo(sink);
        env.execute("global");

        Map<Integer, List<Long>> received = sink.bySubtask();
        assertThat(received).containsOnlyKeys(0, 1, 2);
        assertThat(received.get(0)).containsExactlyInAnyOrderElementsOf(range(1, 3_000));
        assertThat(received.get(1)).isEmpty();
        assertThat(received.get(2)).isEmpty();
    }

    @Test
    void shouldKeepTheOrderOfOneProducerWithGlobal() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(4);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        env.fromCollection(range(1, 5_000)).global().map(x -> x * 2).sinkTo(sink);
        env.execute("global-ordered");

        List<Long> doubled = range(1, 5_000).stream().map(x -> x * 2).toList();
        assertThat(sink.bySubtask().get(0)).containsExactlyElementsOf(doubled);
        assertThat(sink.bySubtask().get(1)).isEmpty();
    }

    @Test
    void shouldShuffleEveryElementExactlyOnceOverAllSubtasks() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(4);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        env.fromSequence(1, 40_000).shuffle().sinkTo(sink);
        env.execute("shuffle");

        assertThat(sink.all()).containsExactlyInAnyOrderElementsOf(range(1, 40_000));
        // 10,000 expected per subtask, with a standard deviation under 100.
        sink.bySubtask().forEach((subtask, values) ->
                assertThat(values).as("subtask %d", subtask).hasSizeBetween(9_000, 11_000));
        assertThat(sink.bySubtask()).containsOnlyKeys(0, 1, 2, 3);
    }

    @Test
    void shouldShuffleAcrossDifferentParallelisms() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        env.fromSequence(1, 30_000).shuffle().sinkTo(sink).setParallelism(3);
        env.execute("shuffle-2-to-3");

        assertThat(sink.all()).containsExactlyInAnyOrderElementsOf(range(1, 30_000));
        sink.bySubtask().forEach((subtask, values) ->
                assertThat(values).as("subtask %d", subtask).hasSizeBetween(9_000, 11_000));
    }

    @Test
    void shouldSendEachElementToTheSubtaskTheCustomPartitionerChooses() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        SubtaskCollectSink<Long> sink = new SubtaskCollectSink<>();
        Partitioner<Long> byRemainder = (key, n) -> (int) (key % n);
        env.fromSequence(1, 6_000).partitionCustom(byRemainder, x -> x * 7).sinkTo(sink).setParallelism(4);
        env.execute("custom");

        Map<Integer, List<Long>> received = sink.bySubtask();
        assertThat(received).containsOnlyKeys(0, 1, 2, 3);
        for (int subtask = 0; subtask < 4; subtask++) {
            List<Long> expected = new ArrayList<>();
            for (long x = 1; x <= 6_000; x++) {
                if (x * 7 % 4 == subtask) {
                    expected.add(x);
                }
            }
            assertThat(received.get(subtask)).as("subtask %d", subtask).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void shouldFailTheJobWhenTheCustomPartitionerAnswersOutOfRange() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        Partitioner<Long> broken = (key, n) -> n;
        env.fromSequence(1, 10).partitionCustom(broken, x -> x).map(x -> x).name("spread")
                .sinkTo(new SubtaskCollectSink<>());

        assertThatThrownBy(() -> env.execute("custom-out-of-range"))
                .isInstanceOf(JobFailedException.class)
                .hasMessageContaining("of partitionCustom before 'spread' returned partition 2 for key ")
                .hasMessageContaining(", outside [0, 2); return a subtask index below numPartitions");
    }
}
