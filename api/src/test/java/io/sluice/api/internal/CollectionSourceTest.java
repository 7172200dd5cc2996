package io.sluice.api.internal;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.internal.CollectionSource.RangeSplit;
import io.sluice.api.serialization.TypeSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CollectionSourceTest {

    /** Collects what a reader emits; per-split outputs are not used by this source. */
    static final class ListOutput<T> implements ReaderOutput<T> {
        final List<T> elements = new ArrayList<>();

        @Override
        public void collect(T element) {
            elements.add(element);
        }

        @Override
        public void collect(T element, long timestamp) {
            throw new AssertionError("CollectionSource elements carry no timestamp");
        }

        @Override
        public SplitOutput<T> forSplit(String splitId) {
            throw new AssertionError("CollectionSource does not emit per split");
        }

        @Override
        public void releaseSplit(String splitId) {
            throw new AssertionError("CollectionSource does not emit per split");
        }
    }

    static final SourceReaderContext CONTEXT = new SourceReaderContext() {
        public int subtaskIndex() {
            return 0;
        }

        public int parallelism() {
            return 1;
        }

        public long currentProcessingTime() {
            return 0;
        }
    };

    static List<String> elements(int n) {
        return IntStream.range(0, n).mapToObj(i -> "e" + i).collect(Collectors.toList());
    }

    /** Polls until END_OF_INPUT, checking that every other answer says an element was emitted. */
    static <T> List<T> readToEnd(SourceReader<T, RangeSplit> reader) throws Exception {
        ListOutput<T> out = new ListOutput<>();
        for (int polls = 0; ; polls++) {
            int before = out.elements.size();
            InputStatus status = reader.pollNext(out);
            if (status == InputStatus.END_OF_INPUT) {
                assertThat(out.elements).hasSize(before);
                return out.elements;
            }
            assertThat(status).isEqualTo(InputStatus.MORE_AVAILABLE);
            assertThat(out.elements).hasSize(before + 1);
        }
    }

    static List<RangeSplit> copyThroughBytes(TypeSerializer<RangeSplit> s, List<RangeSplit> splits)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (RangeSplit split : splits) {
            s.serialize(split, out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        List<RangeSplit> copy = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            copy.add(s.deserialize(in));
        }
        assertThat(in.available()).isZero();
        return copy;
    }

    @Test
    void shouldSplitIntoContiguousRangesCoveringEveryElementOnceForEveryParallelism() {
        for (int n : new int[] {0, 1, 2, 5, 6, 7, 13, 100}) {
            CollectionSource<String> source = new CollectionSource<>(elements(n));
            for (int parallelism = 1; parallelism <= 7; parallelism++) {
                List<RangeSplit> splits = source.createSplits(parallelism);

                assertThat(splits).as("n=%d p=%d", n, parallelism).hasSize(parallelism);
                int expectedNext = 0;
                for (int i = 0; i < splits.size(); i++) {
                    RangeSplit s = splits.get(i);
                    assertThat(s.splitId()).isEqualTo("range-" + i);
                    assertThat(s.next()).as("start of split %d (n=%d p=%d)", i, n, parallelism).isEqualTo(expectedNext);
                    assertThat(s.end()).isGreaterThanOrEqualTo(s.next());
                    assertThat(s.end() - s.next()).isBetween(n / parallelism, (n + parallelism - 1) / parallelism);
                    expectedNext = s.end();
                }
                assertThat(expectedNext).isEqualTo(n);
            }
        }
    }

    @Test
    void shouldReadEveryElementExactlyOnceInOrderWithinEachSplit() throws Exception {
        List<String> all = elements(23);
        CollectionSource<String> source = new CollectionSource<>(all);
        for (int parallelism = 1; parallelism <= 7; parallelism++) {
            List<RangeSplit> splits = source.createSplits(parallelism);
            List<String> concatenated = new ArrayList<>();
            for (RangeSplit split : splits) {
                int from = split.next();
                int to = split.end();
                SourceReader<String, RangeSplit> reader = source.createReader(CONTEXT);
                reader.addSplits(List.of(split));

                List<String> read = readToEnd(reader);

                assertThat(read).as("split %s at p=%d", split.splitId(), parallelism)
                        .isEqualTo(all.subList(from, to));
                concatenated.addAll(read);
            }
            assertThat(concatenated).as("p=%d", parallelism).isEqualTo(all);
        }
    }

    @Test
    void shouldReadSeveralSplitsOfOneSubtaskOneAfterTheOther() throws Exception {
        List<String> all = elements(10);
        CollectionSource<String> source = new CollectionSource<>(all);
        List<RangeSplit> splits = source.createSplits(4); // [0,2) [2,5) [5,7) [7,10)
        SourceReader<String, RangeSplit> reader = source.createReader(CONTEXT);

        reader.addSplits(List.of(splits.get(1), splits.get(3)));

        assertThat(readToEnd(reader)).containsExactly("e2", "e3", "e4", "e7", "e8", "e9");
        assertThat(reader.pollNext(new ListOutput<>())).isEqualTo(InputStatus.END_OF_INPUT);
    }

    @Test
    void shouldEndAtOnceWithoutSplitsOrElements() throws Exception {
        CollectionSource<String> empty = new CollectionSource<>(List.of());
        SourceReader<String, RangeSplit> reader = empty.createReader(CONTEXT);
        reader.addSplits(empty.createSplits(3));

        assertThat(readToEnd(reader)).isEmpty();
        assertThat(empty.boundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(empty.splitSerializer().typeName()).isEqualTo("RangeSplit");
    }

    @Test
    void shouldResumeFromASnapshotTakenAtAnyPointWithExactlyTheRest() throws Exception {
        List<String> all = elements(17);
        CollectionSource<String> source = new CollectionSource<>(all);
        for (int parallelism = 1; parallelism <= 3; parallelism++) {
            for (int cut = 0; cut <= all.size(); cut++) {
                SourceReader<String, RangeSplit> reader = source.createReader(CONTEXT);
                reader.addSplits(source.createSplits(parallelism)); // one subtask owning every split
                ListOutput<String> before = new ListOutput<>();
                for (int i = 0; i < cut; i++) {
                    assertThat(reader.pollNext(before)).isEqualTo(InputStatus.MORE_AVAILABLE);
                }

                List<RangeSplit> snapshot = copyThroughBytes(source.splitSerializer(), reader.snapshotState(cut));
                readToEnd(reader); // the original reader goes on; the snapshot must not change with it
                SourceReader<String, RangeSplit> restored = source.createReader(CONTEXT);
                restored.addSplits(snapshot);
                List<String> after = readToEnd(restored);

                List<String> together = new ArrayList<>(before.elements);
                together.addAll(after);
                assertThat(together).as("p=%d cut=%d", parallelism, cut).isEqualTo(all);
            }
        }
    }

    @Test
    void shouldSnapshotEveryOwnedSplitWithItsPosition() throws Exception {
        CollectionSource<String> source = new CollectionSource<>(elements(10));
        SourceReader<String, RangeSplit> reader = source.createReader(CONTEXT);
        reader.addSplits(source.createSplits(2)); // [0,5) [5,10)
        ListOutput<String> out = new ListOutput<>();
        for (int i = 0; i < 3; i++) {
            reader.pollNext(out);
        }

        List<RangeSplit> snapshot = reader.snapshotState(1);
        // the runtime writes a snapshot asynchronously while the reader goes on: it must not change
        reader.pollNext(out);
        reader.pollNext(out);
        reader.pollNext(out);

        assertThat(snapshot).extracting(RangeSplit::splitId, RangeSplit::next, RangeSplit::end)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("range-0", 3, 5),
                        org.assertj.core.groups.Tuple.tuple("range-1", 5, 10));
        assertThat(out.elements).containsExactly("e0", "e1", "e2", "e3", "e4", "e5");
    }
}
