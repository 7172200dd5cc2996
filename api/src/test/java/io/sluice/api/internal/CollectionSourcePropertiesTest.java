package io.sluice.api.internal;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.internal.CollectionSource.RangeSplit;
import io.sluice.api.testing.RandomValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static io.sluice.api.internal.CollectionSourceTest.CONTEXT;
import static io.sluice.api.internal.CollectionSourceTest.copyThroughBytes;
import static io.sluice.api.internal.CollectionSourceTest.readToEnd;
import static org.assertj.core.api.Assertions.assertThat;

/** Random runs, one per seed; the seed is in every assertion message. */
class CollectionSourcePropertiesTest {

    static LongStream seeds() {
        return RandomValues.seeds(300);
    }

    /**
     * Subtask i of p owns splits i, i+p, ...; each reads some elements, snapshots, and a restored
     * reader reads the rest: over all subtasks, every element is read exactly once.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void snapshotAndRestoreOfEverySubtaskLosesAndRepeatsNothing(long seed) throws Exception {
        RandomValues random = new RandomValues(seed);
        List<Integer> elements = random.listOf(60, random::anyInt);
        int parallelism = random.intBetween(1, 7);
        int splitsPerSubtask = random.intBetween(1, 3);
        int cut = random.intBetween(0, 70);
        String inputs = "seed " + seed + " (" + elements.size() + " elements, parallelism " + parallelism
                + ", " + splitsPerSubtask + " splits per subtask, cut " + cut + ")";
        CollectionSource<Integer> source = new CollectionSource<>(elements);
        List<RangeSplit> splits = source.createSplits(parallelism * splitsPerSubtask);
        List<Integer> read = new ArrayList<>();

        for (int subtask = 0; subtask < parallelism; subtask++) {
            List<RangeSplit> owned = new ArrayList<>();
            for (int i = subtask; i < splits.size(); i += parallelism) {
                owned.add(splits.get(i));
            }
            SourceReader<Integer, RangeSplit> reader = source.createReader(CONTEXT);
            reader.addSplits(owned);
            CollectionSourceTest.ListOutput<Integer> out = new CollectionSourceTest.ListOutput<>();
            for (int i = 0; i < cut && reader.pollNext(out) == InputStatus.MORE_AVAILABLE; i++) {
                // read up to the cut
            }
            SourceReader<Integer, RangeSplit> restored = source.createReader(CONTEXT);
            List<Integer> rest;
            try { // the helpers assert too: name the seed in their failures as well
                restored.addSplits(copyThroughBytes(source.splitSerializer(), reader.snapshotState(7)));
                rest = readToEnd(restored);
            } catch (AssertionError e) {
                throw new AssertionError(inputs + ", subtask " + subtask + ": " + e.getMessage(), e);
            }
            read.addAll(out.elements);
            read.addAll(rest);
        }

        assertThat(read).as(inputs).containsExactlyInAnyOrderElementsOf(elements);
        assertThat(read).as(inputs).hasSameSizeAs(elements);
    }
}
