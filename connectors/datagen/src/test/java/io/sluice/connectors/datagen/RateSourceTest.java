package io.sluice.connectors.datagen;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateSourceTest {

    private static final long START_MS = 1_700_000_000_000L;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2, 3, 8})
    void shouldEmitEveryValueOnceStampedWithItsScheduledTime(int parallelism) throws Exception {
        RateSource source = RateSource.of(50).limit(200);
        ReaderDriver<RateEvent, DataGenSplit> driver = ReaderDriver.fresh(source, parallelism, START_MS);

        driver.drainAllAdvancingClock(100_000);

        List<RateEvent> rows = driver.allElements();
        assertThat(rows).extracting(RateEvent::value)
                .containsExactlyInAnyOrderElementsOf(DataGenSourceTest.range(0, 200));
        assertThat(rows).allSatisfy(row -> assertThat(row.timestamp()).isEqualTo(START_MS + row.value() * 20));
        for (RecordingReaderOutput<RateEvent> out : driver.outputs) {
            assertThat(out.emitted).allSatisfy(e -> assertThat(e.timestamp()).isEqualTo(e.element().timestamp()));
            assertThat(out.emitted).extracting(RecordingReaderOutput.Emitted::timestamp).isSorted();
        }
    }

    @Test
    void shouldEmitRowsPerSecondOverAllSubtasksAndWaitWhenAhead() throws Exception {
        ReaderDriver<RateEvent, DataGenSplit> driver = ReaderDriver.fresh(RateSource.of(10), 2, START_MS);

        driver.runUntil(START_MS + 999);

        assertThat(driver.outputs.get(0).emitted).hasSize(5);
        assertThat(driver.outputs.get(1).emitted).hasSize(5);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
        driver.contexts.get(0).advanceMs(1);
        assertThat(driver.poll(0)).isEqualTo(InputStatus.MORE_AVAILABLE);
        assertThat(driver.outputs.get(0).elements()).last().isEqualTo(new RateEvent(START_MS + 1000, 10));
    }

    @Test
    void shouldEndAfterTheLimitOnly() throws Exception {
        RateSource unbounded = RateSource.of(5);
        RateSource bounded = unbounded.limit(3);

        assertThat(unbounded.boundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(unbounded.totalRows()).isEqualTo(DataGenSource.UNBOUNDED);
        assertThat(bounded.boundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(bounded.totalRows()).isEqualTo(3);
        assertThat(bounded.rowsPerSecond()).isEqualTo(5);

        ReaderDriver<RateEvent, DataGenSplit> driver = ReaderDriver.fresh(bounded, 1, START_MS);
        driver.drainAllAdvancingClock(10_000);
        assertThat(driver.outputs.get(0).elements()).extracting(RateEvent::value).containsExactly(0L, 1L, 2L);
    }

    @Test
    void shouldResumeFromASnapshotWithoutGapOrDuplicate() throws Exception {
        RateSource source = RateSource.of(100).limit(100);
        ReaderDriver<RateEvent, DataGenSplit> before = ReaderDriver.fresh(source, 3, START_MS);
        before.runUntil(START_MS + 300);
        List<DataGenSplit> snapshot = DataGenSourceTest.roundTrip(source, before.snapshotAll(7));

        ReaderDriver<RateEvent, DataGenSplit> after = new ReaderDriver<>(source, snapshot, 2, START_MS + 60_000);
        after.drainAllAdvancingClock(100_000);

        assertThat(before.allElements()).hasSize(31);
        List<Long> values = new ArrayList<>();
        before.allElements().forEach(r -> values.add(r.value()));
        after.allElements().forEach(r -> values.add(r.value()));
        assertThat(values).containsExactlyInAnyOrderElementsOf(DataGenSourceTest.range(0, 100));
        assertThat(after.allElements())
                .allSatisfy(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(START_MS + 60_000));
    }

    @Test
    void shouldRefuseANonPositiveRateNamingTheValueAndTheFix() {
        assertThatThrownBy(() -> RateSource.of(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0")
                .hasMessageContaining("RateSource.of(100)");
    }

    @Test
    void shouldRefuseANegativeLimitNamingTheValue() {
        assertThatThrownBy(() -> RateSource.of(1).limit(-2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -2");
    }

    @Test
    void shouldSurviveJavaSerializationAsTheRuntimeCopiesSources() throws Exception {
        RateSource copy = DataGenSourceTest.javaCopy(RateSource.of(1000).limit(4));
        ReaderDriver<RateEvent, DataGenSplit> driver = ReaderDriver.fresh(copy, 1, START_MS);

        driver.drainAllAdvancingClock(100);

        assertThat(driver.outputs.get(0).elements()).containsExactly(new RateEvent(START_MS, 0),
                new RateEvent(START_MS + 1, 1), new RateEvent(START_MS + 2, 2), new RateEvent(START_MS + 3, 3));
    }
}
