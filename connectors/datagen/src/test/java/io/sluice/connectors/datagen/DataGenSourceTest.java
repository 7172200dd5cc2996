package io.sluice.connectors.datagen;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataGenSourceTest {

    private static final long START_MS = 1_700_000_000_000L;

    @ParameterizedTest(name = "count={0} parallelism={1}")
    @CsvSource({"0,1", "0,3", "1,1", "1,4", "5,7", "100,1", "100,2", "101,3", "1000,4", "999,8"})
    void shouldEmitEveryIndexExactlyOnceAcrossSubtasks(long count, int parallelism) throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, count);
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, parallelism, START_MS);

        driver.drainAll((int) count + 2);

        assertThat(driver.allElements()).containsExactlyInAnyOrderElementsOf(range(0, count));
    }

    @Test
    void shouldGiveEachSubtaskAStrideOfIndicesInIncreasingOrder() throws Exception {
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.of(i -> i, 10), 3, START_MS);

        driver.drainAll(20);

        assertThat(driver.outputs.get(0).elements()).containsExactly(0L, 3L, 6L, 9L);
        assertThat(driver.outputs.get(1).elements()).containsExactly(1L, 4L, 7L);
        assertThat(driver.outputs.get(2).elements()).containsExactly(2L, 5L, 8L);
    }

    @Test
    void shouldEmitAtMostOneElementPerPoll() throws Exception {
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.of(i -> i, 5), 1, START_MS);

        for (int polls = 1; polls <= 5; polls++) {
            assertThat(driver.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
            assertThat(driver.outputs.get(0).emitted).hasSize(polls);
        }
        assertThat(driver.poll(0)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(driver.outputs.get(0).emitted).hasSize(5);
    }

    @Test
    void shouldEmitThroughTheSplitOutputAndReleaseTheSplitWhenDone() throws Exception {
        ReaderDriver<String, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.of(i -> "e" + i, 4), 2,
                START_MS);

        driver.drainAll(10);

        RecordingReaderOutput<String> out = driver.outputs.get(1);
        assertThat(out.emitted).extracting(RecordingReaderOutput.Emitted::splitId).containsOnly("datagen-1");
        assertThat(out.elements()).containsExactly("e1", "e3");
        assertThat(out.releasedSplits).containsExactly("datagen-1");
        assertThat(out.emitted).extracting(RecordingReaderOutput.Emitted::timestamp)
                .containsOnly(RecordingReaderOutput.NO_TIMESTAMP);
    }

    @Test
    void shouldEndAtOnceForAReaderWhoseSplitIsEmpty() throws Exception {
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.of(i -> i, 2), 4, START_MS);

        assertThat(driver.poll(3)).isEqualTo(InputStatus.END_OF_INPUT);
        assertThat(driver.outputs.get(3).emitted).isEmpty();
    }

    @ParameterizedTest(name = "parallelism {0} -> {2} after {1} polls each")
    @CsvSource({"1,0,1", "1,17,1", "3,5,3", "3,11,2", "4,7,1", "2,40,5", "5,3,5"})
    void shouldResumeFromSnapshotWithNoGapAndNoDuplicate(int parallelism, int pollsBefore, int parallelismAfter)
            throws Exception {
        long count = 97;
        DataGenSource<Long> source = DataGenSource.of(i -> i, count);
        ReaderDriver<Long, DataGenSplit> before = ReaderDriver.fresh(source, parallelism, START_MS);
        for (int s = 0; s < parallelism; s++) {
            for (int i = 0; i < pollsBefore + s; i++) {
                before.poll(s);
            }
        }
        List<DataGenSplit> snapshot = roundTrip(source, before.snapshotAll(1));
        List<Long> emittedBeforeSnapshot = before.allElements();
        // What the old readers emit after the snapshot is lost with them: the restored readers replay it.
        before.poll(0);

        ReaderDriver<Long, DataGenSplit> after = new ReaderDriver<>(source, snapshot, parallelismAfter, START_MS + 5);
        after.drainAll((int) count + 2);

        List<Long> all = new ArrayList<>(emittedBeforeSnapshot);
        all.addAll(after.allElements());
        assertThat(all).containsExactlyInAnyOrderElementsOf(range(0, count));
    }

    @Test
    void shouldSnapshotTheExactPositionOfEverySplit() throws Exception {
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.of(i -> i, 100), 3, START_MS);
        driver.poll(1);
        driver.poll(1);

        assertThat(driver.readers.get(0).snapshotState(1)).containsExactly(new DataGenSplit(0, 3, 0, 100));
        assertThat(driver.readers.get(1).snapshotState(1)).containsExactly(new DataGenSplit(1, 3, 7, 100));
    }

    @Test
    void shouldReadSeveralSplitsInTurnInOneReader() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 9);
        ReaderDriver<Long, DataGenSplit> driver = new ReaderDriver<>(source, source.createSplits(3), 1, START_MS);

        driver.drainAll(20);

        assertThat(driver.outputs.get(0).elements()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(driver.outputs.get(0).releasedSplits).containsExactlyInAnyOrder("datagen-0", "datagen-1",
                "datagen-2");
    }

    @Test
    void shouldReturnNothingAvailableWhileAheadOfTheRateAndEmitWhenDue() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 100).withRateLimit(10);
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, 1, START_MS);
        ManualClockReaderContext clock = driver.contexts.get(0);

        assertThat(driver.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        clock.advanceMs(99);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        clock.advanceMs(1);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        assertThat(driver.outputs.get(0).elements()).containsExactly(0L, 1L);
    }

    @ParameterizedTest(name = "{0} events/s over {1} subtasks")
    @CsvSource({"10,1", "100,4", "30,3", "7,2", "1000,8", "2.5,1"})
    void shouldEmitExactlyTheRateOverAllSubtasksPerSecond(double eventsPerSecond, int parallelism) throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, DataGenSource.UNBOUNDED).withRateLimit(eventsPerSecond);
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, parallelism, START_MS);
        int seconds = 4;

        // Move time forward in 10 ms steps and poll every reader until it has nothing due.
        for (int step = 0; step < seconds * 100; step++) {
            for (int s = 0; s < parallelism; s++) {
                while (driver.poll(s) == InputStatus.MORE_AVAILABLE) {
                    // drain what is due
                }
                driver.contexts.get(s).advanceMs(10);
            }
        }

        // Indices due in [start, start + 3990 ms]: k * 1000 / rate <= 3990.
        long expected = (long) Math.floor(3990 * eventsPerSecond / 1000) + 1;
        assertThat(driver.allElements()).containsExactlyInAnyOrderElementsOf(range(0, expected));
        long perSubtaskLow = expected / parallelism;
        for (RecordingReaderOutput<Long> out : driver.outputs) {
            assertThat(out.emitted.size()).isBetween((int) perSubtaskLow, (int) perSubtaskLow + 1);
        }
    }

    @Test
    void shouldCatchUpWhenBehindScheduleWithoutChangingTimestamps() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 10).withRateLimit(4).withScheduledTimestamps();
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(source, 1, START_MS);
        driver.poll(0);
        driver.contexts.get(0).advanceMs(1000);

        int emitted = 0;
        while (driver.poll(0) == InputStatus.MORE_AVAILABLE) {
            emitted++;
        }

        assertThat(emitted).isEqualTo(4);
        assertThat(driver.outputs.get(0).emitted).extracting(RecordingReaderOutput.Emitted::timestamp)
                .containsExactly(START_MS, START_MS + 250, START_MS + 500, START_MS + 750, START_MS + 1000);
    }

    @Test
    void shouldRestartTheScheduleAtTheRestoredPositionInsteadOfWaiting() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 1000).withRateLimit(10);
        ReaderDriver<Long, DataGenSplit> restored = new ReaderDriver<>(source,
                List.of(new DataGenSplit(0, 2, 500, 1000), new DataGenSplit(1, 2, 501, 1000)), 1, START_MS);

        assertThat(restored.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(restored.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        restored.contexts.get(0).advanceMs(100);
        assertThat(restored.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(restored.outputs.get(0).elements()).containsExactly(500L, 501L);
    }

    @Test
    void shouldGiveTheScheduledTimeToAScheduledGenerator() throws Exception {
        DataGenSource<String> source = DataGenSource.<String>ofScheduled((i, t) -> i + "@" + (t - START_MS), 3)
                .withRateLimit(2);
        ReaderDriver<String, DataGenSplit> driver = ReaderDriver.fresh(source, 1, START_MS);

        driver.drainAllAdvancingClock(10_000);

        assertThat(driver.outputs.get(0).elements()).containsExactly("0@0", "1@500", "2@1000");
    }

    @Test
    void shouldBeUnboundedOnlyWithoutACount() {
        assertThat(DataGenSource.unbounded(i -> i).boundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(DataGenSource.of(i -> i, DataGenSource.UNBOUNDED).boundedness())
                .isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(DataGenSource.of(i -> i, 10).boundedness()).isEqualTo(Boundedness.BOUNDED);
    }

    @Test
    void shouldKeepEmittingAnUnboundedSource() throws Exception {
        ReaderDriver<Long, DataGenSplit> driver = ReaderDriver.fresh(DataGenSource.unbounded(i -> i), 2, START_MS);

        for (int i = 0; i < 1000; i++) {
            assertThat(driver.poll(1)).isEqualTo(InputStatus.MORE_AVAILABLE);
        }

        assertThat(driver.outputs.get(1).elements()).startsWith(1L, 3L, 5L).endsWith(1999L);
    }

    @Test
    void shouldEndASplitNearTheTopOfTheIndexRangeWithoutOverflow() throws Exception {
        DataGenSource<Long> source = DataGenSource.unbounded(i -> i);
        ReaderDriver<Long, DataGenSplit> driver = new ReaderDriver<>(source,
                List.of(new DataGenSplit(1, 3, Long.MAX_VALUE - 5, Long.MAX_VALUE)), 1, START_MS);

        driver.drainAll(5);

        assertThat(driver.outputs.get(0).elements()).containsExactly(Long.MAX_VALUE - 5, Long.MAX_VALUE - 2);
    }

    @Test
    void shouldRefuseANegativeCountNamingTheValueAndTheFix() {
        assertThatThrownBy(() -> DataGenSource.of(i -> i, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3")
                .hasMessageContaining("UNBOUNDED");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1", "NaN"})
    void shouldRefuseANonPositiveRateNamingTheValue(double rate) {
        assertThatThrownBy(() -> DataGenSource.of(i -> i, 10).withRateLimit(rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(rate))
                .hasMessageContaining("positive rate");
    }

    @Test
    void shouldRefuseZeroParallelism() {
        assertThatThrownBy(() -> DataGenSource.of(i -> i, 10).createSplits(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    @Test
    void shouldSurviveJavaSerializationAsTheRuntimeCopiesSources() throws Exception {
        DataGenSource<String> source = DataGenSource.of(i -> "x" + i, 6).withRateLimit(1000);

        DataGenSource<String> copy = javaCopy(source);
        ReaderDriver<String, DataGenSplit> driver = ReaderDriver.fresh(copy, 2, START_MS);
        driver.drainAllAdvancingClock(1000);

        assertThat(copy.count()).isEqualTo(6);
        assertThat(copy.eventsPerSecond()).isEqualTo(1000.0);
        assertThat(driver.allElements()).containsExactlyInAnyOrder("x0", "x1", "x2", "x3", "x4", "x5");
    }

    @Test
    void shouldRefuseASnapshotOfAnotherFormatVersion() {
        byte[] bytes = {9, 0, 0, 0, 0};

        assertThatThrownBy(() -> new DataGenSplitSerializer().deserialize(
                new DataInputStream(new ByteArrayInputStream(bytes))))
                .hasMessageContaining("version 9");
    }

    @Test
    void shouldNotChangeTheSplitsHandedToTheReader() throws Exception {
        DataGenSource<Long> source = DataGenSource.of(i -> i, 10);
        List<DataGenSplit> splits = source.createSplits(1);
        SourceReader<Long, DataGenSplit> reader = source.createReader(new ManualClockReaderContext(0, 1, START_MS));
        reader.addSplits(splits);

        reader.pollNext(new RecordingReaderOutput<>());

        assertThat(splits.get(0).next()).isZero();
        assertThat(reader.snapshotState(1).get(0).next()).isEqualTo(1);
    }

    static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().collect(Collectors.toList());
    }

    static List<DataGenSplit> roundTrip(Source<?, DataGenSplit> source, List<DataGenSplit> splits) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (DataGenSplit split : splits) {
                source.splitSerializer().serialize(split, out);
            }
        }
        List<DataGenSplit> read = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            for (int i = 0; i < splits.size(); i++) {
                read.add(source.splitSerializer().deserialize(in));
            }
        }
        assertThat(read).isEqualTo(splits);
        return read;
    }

    @SuppressWarnings("unchecked")
    static <X> X javaCopy(X object) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (X) in.readObject();
        }
    }
}
