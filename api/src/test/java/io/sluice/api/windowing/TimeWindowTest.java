package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowTest {

    record Merge(List<TimeWindow> merged, TimeWindow result) {
    }

    @Test
    void shouldAlignWindowStartsToTheEpochForPositiveAndNegativeTimestamps() {
        assertThat(TimeWindow.windowStart(0, 0, 10)).isZero();
        assertThat(TimeWindow.windowStart(5, 0, 10)).isZero();
        assertThat(TimeWindow.windowStart(9, 0, 10)).isZero();
        assertThat(TimeWindow.windowStart(10, 0, 10)).isEqualTo(10);
        assertThat(TimeWindow.windowStart(-1, 0, 10)).isEqualTo(-10);
        assertThat(TimeWindow.windowStart(-10, 0, 10)).isEqualTo(-10);
        assertThat(TimeWindow.windowStart(-11, 0, 10)).isEqualTo(-20);
    }

    @Test
    void shouldShiftWindowStartsByPositiveAndNegativeOffsets() {
        assertThat(TimeWindow.windowStart(5, 3, 10)).isEqualTo(3);
        assertThat(TimeWindow.windowStart(2, 3, 10)).isEqualTo(-7);
        assertThat(TimeWindow.windowStart(13, 3, 10)).isEqualTo(13);
        assertThat(TimeWindow.windowStart(-1, -3, 10)).isEqualTo(-3);
        assertThat(TimeWindow.windowStart(-5, -3, 10)).isEqualTo(-13);
        assertThat(TimeWindow.windowStart(-4, 3, 10)).isEqualTo(-7);
        assertThat(TimeWindow.windowStart(-8, 3, 10)).isEqualTo(-17);
    }

    @Test
    void shouldHandleTimestampsNearTheEndsOfTheLongRange() {
        // Long.MAX_VALUE = 9223372036854775807 and Long.MIN_VALUE = -9223372036854775808
        assertThat(TimeWindow.windowStart(Long.MAX_VALUE, 0, 1000)).isEqualTo(Long.MAX_VALUE - 807);
        assertThat(TimeWindow.windowStart(Long.MIN_VALUE + 1000, 0, 1000)).isEqualTo(Long.MIN_VALUE + 808);
    }

    @Test
    void shouldEndOneMillisecondBeforeItsExclusiveEnd() {
        TimeWindow w = new TimeWindow(-10, 0);

        assertThat(w.start()).isEqualTo(-10);
        assertThat(w.end()).isZero();
        assertThat(w.maxTimestamp()).isEqualTo(-1);
        assertThat(w.toString()).isEqualTo("TimeWindow[-10, 0)");
    }

    @Test
    void shouldIntersectOverlappingAndTouchingWindowsOnly() {
        TimeWindow w = new TimeWindow(10, 20);

        assertThat(w.intersects(new TimeWindow(15, 25))).isTrue();
        assertThat(w.intersects(new TimeWindow(0, 10))).isTrue();
        assertThat(w.intersects(new TimeWindow(20, 30))).isTrue();
        assertThat(w.intersects(new TimeWindow(12, 13))).isTrue();
        assertThat(w.intersects(new TimeWindow(0, 9))).isFalse();
        assertThat(w.intersects(new TimeWindow(21, 30))).isFalse();
        assertThat(w.cover(new TimeWindow(15, 25))).isEqualTo(new TimeWindow(10, 25));
        assertThat(w.cover(new TimeWindow(-5, 0))).isEqualTo(new TimeWindow(-5, 20));
    }

    @Test
    void shouldBeEqualByStartAndEnd() {
        assertThat(new TimeWindow(1, 2)).isEqualTo(new TimeWindow(1, 2)).hasSameHashCodeAs(new TimeWindow(1, 2));
        assertThat(new TimeWindow(1, 2)).isNotEqualTo(new TimeWindow(1, 3)).isNotEqualTo(new TimeWindow(0, 2));
    }

    @Test
    void shouldWriteStartAndEndAsTwoLongs() throws IOException {
        TypeSerializer<TimeWindow> s = TimeWindow.SERIALIZER;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.serialize(new TimeWindow(Long.MIN_VALUE, -3), new DataOutputStream(bytes));

        assertThat(bytes.size()).isEqualTo(16);
        assertThat(s.deserialize(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))))
                .isEqualTo(new TimeWindow(Long.MIN_VALUE, -3));
        assertThat(s.typeName()).isEqualTo("TimeWindow");
    }

    @Test
    void shouldMergeOverlappingAndTouchingWindowsAndReportOnlyRealMerges() {
        List<Merge> merges = new ArrayList<>();
        List<TimeWindow> windows = List.of(new TimeWindow(20, 25), new TimeWindow(3, 8), new TimeWindow(12, 15),
                new TimeWindow(0, 5), new TimeWindow(10, 12), new TimeWindow(30, 40), new TimeWindow(32, 33));

        TimeWindow.mergeWindows(windows, (group, result) -> merges.add(new Merge(List.copyOf(group), result)));

        assertThat(merges).containsExactly(
                new Merge(List.of(new TimeWindow(0, 5), new TimeWindow(3, 8)), new TimeWindow(0, 8)),
                new Merge(List.of(new TimeWindow(10, 12), new TimeWindow(12, 15)), new TimeWindow(10, 15)),
                new Merge(List.of(new TimeWindow(30, 40), new TimeWindow(32, 33)), new TimeWindow(30, 40)));
    }

    @Test
    void shouldReportNoMergeForDisjointWindows() {
        List<Merge> merges = new ArrayList<>();

        TimeWindow.mergeWindows(List.of(new TimeWindow(0, 1), new TimeWindow(2, 3)),
                (group, result) -> merges.add(new Merge(List.copyOf(group), result)));
        TimeWindow.mergeWindows(List.of(), (group, result) -> merges.add(new Merge(List.copyOf(group), result)));

        assertThat(merges).isEmpty();
    }

    @Test
    void shouldMergeAChainOfWindowsWhereOnlyNeighboursOverlap() {
        List<Merge> merges = new ArrayList<>();

        TimeWindow.mergeWindows(List.of(new TimeWindow(8, 12), new TimeWindow(0, 5), new TimeWindow(4, 9)),
                (group, result) -> merges.add(new Merge(List.copyOf(group), result)));

        assertThat(merges).containsExactly(new Merge(
                List.of(new TimeWindow(0, 5), new TimeWindow(4, 9), new TimeWindow(8, 12)), new TimeWindow(0, 12)));
    }
}
