package io.sluice.api.windowing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WindowAssignersTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void shouldAssignATumblingEventTimeWindowByTimestamp() {
        TumblingEventTimeWindows<String> assigner = TumblingEventTimeWindows.of(ms(10));

        assertThat(assigner.assignWindows("x", 17, 999)).containsExactly(new TimeWindow(10, 20));
        assertThat(assigner.assignWindows("x", -1, 999)).containsExactly(new TimeWindow(-10, 0));
        assertThat(TumblingEventTimeWindows.<String>of(ms(10), ms(3)).assignWindows("x", 2, 0))
                .containsExactly(new TimeWindow(-7, 3));
        assertThat(assigner.isEventTime()).isTrue();
        assertThat(assigner.defaultTrigger()).isSameAs(EventTimeTrigger.create());
        assertThat(assigner.windowSerializer()).isSameAs(TimeWindow.SERIALIZER);
    }

    @Test
    void shouldAssignATumblingProcessingTimeWindowByTheClockNotTheTimestamp() {
        TumblingProcessingTimeWindows<String> assigner = TumblingProcessingTimeWindows.of(ms(10));

        assertThat(assigner.assignWindows("x", 17, 42)).containsExactly(new TimeWindow(40, 50));
        assertThat(TumblingProcessingTimeWindows.<String>of(ms(10), ms(5)).assignWindows("x", 0, 42))
                .containsExactly(new TimeWindow(35, 45));
        assertThat(assigner.isEventTime()).isFalse();
        assertThat(assigner.defaultTrigger()).isSameAs(ProcessingTimeTrigger.create());
    }

    @Test
    void shouldAssignEveryOverlappingSlidingWindowNewestFirst() {
        SlidingEventTimeWindows<String> assigner = SlidingEventTimeWindows.of(ms(10_000), ms(5_000));

        assertThat(assigner.assignWindows("x", 12_000, 0))
                .containsExactly(new TimeWindow(10_000, 20_000), new TimeWindow(5_000, 15_000));
        assertThat(assigner.assignWindows("x", 10_000, 0))
                .containsExactly(new TimeWindow(10_000, 20_000), new TimeWindow(5_000, 15_000));
        assertThat(assigner.assignWindows("x", -1, 0))
                .containsExactly(new TimeWindow(-5_000, 5_000), new TimeWindow(-10_000, 0));
        assertThat(SlidingEventTimeWindows.<String>of(ms(30), ms(10), ms(4)).assignWindows("x", 5, 0))
                .containsExactly(new TimeWindow(4, 34), new TimeWindow(-6, 24), new TimeWindow(-16, 14));
        assertThat(assigner.isEventTime()).isTrue();
    }

    @Test
    void shouldCoverTheGapsWhenTheSlideDoesNotDivideTheSize() {
        SlidingEventTimeWindows<String> assigner = SlidingEventTimeWindows.of(ms(10), ms(4));

        assertThat(assigner.assignWindows("x", 9, 0))
                .containsExactly(new TimeWindow(8, 18), new TimeWindow(4, 14), new TimeWindow(0, 10));
        assertThat(assigner.assignWindows("x", 11, 0))
                .containsExactly(new TimeWindow(8, 18), new TimeWindow(4, 14));
    }

    @Test
    void shouldAssignSlidingProcessingTimeWindowsByTheClock() {
        SlidingProcessingTimeWindows<String> assigner = SlidingProcessingTimeWindows.of(ms(10), ms(5));

        assertThat(assigner.assignWindows("x", 1_000_000, 7))
                .containsExactly(new TimeWindow(5, 15), new TimeWindow(0, 10));
        assertThat(assigner.isEventTime()).isFalse();
        assertThat(assigner.defaultTrigger()).isSameAs(ProcessingTimeTrigger.create());
    }

    @Test
    void shouldAssignASessionWindowOfOneGapFromTheElement() {
        EventTimeSessionWindows<String> events = EventTimeSessionWindows.withGap(ms(30));
        ProcessingTimeSessionWindows<String> clock = ProcessingTimeSessionWindows.withGap(ms(30));

        assertThat(events.assignWindows("x", 100, 5)).containsExactly(new TimeWindow(100, 130));
        assertThat(clock.assignWindows("x", 100, 5)).containsExactly(new TimeWindow(5, 35));
        assertThat(events.isEventTime()).isTrue();
        assertThat(clock.isEventTime()).isFalse();
        assertThat(events.defaultTrigger()).isSameAs(EventTimeTrigger.create());
        assertThat(clock.defaultTrigger()).isSameAs(ProcessingTimeTrigger.create());
        assertThat(events.toString()).isEqualTo("EventTimeSessionWindows(gap 30 ms)");
        assertThat(clock.toString()).isEqualTo("ProcessingTimeSessionWindows(gap 30 ms)");
    }

    @Test
    void shouldMergeSessionWindowsThroughTheAssigner() {
        EventTimeSessionWindows<String> sessions = EventTimeSessionWindows.withGap(ms(10));
        List<TimeWindow> windows = List.of(new TimeWindow(0, 10), new TimeWindow(5, 15), new TimeWindow(30, 40));
        List<TimeWindow> results = new java.util.ArrayList<>();

        sessions.mergeWindows(windows, (group, result) -> results.add(result));

        assertThat(results).containsExactly(new TimeWindow(0, 15));
    }

    @Test
    void shouldPutEveryElementInTheOneGlobalWindow() throws Exception {
        GlobalWindows<String> global = GlobalWindows.create();

        assertThat(global.assignWindows("x", Long.MIN_VALUE, 0)).containsExactly(GlobalWindow.INSTANCE);
        assertThat(global.assignWindows("y", 5, 5).get(0)).isSameAs(GlobalWindow.INSTANCE);
        assertThat(GlobalWindow.INSTANCE.maxTimestamp()).isEqualTo(Long.MAX_VALUE);
        assertThat(global.isEventTime()).isFalse();
        assertThat(global.defaultTrigger()).isSameAs(NeverTrigger.create());
        assertThat(global.windowSerializer().deserialize(null)).isSameAs(GlobalWindow.INSTANCE);
    }

    @Test
    void shouldRefuseNonPositiveWindowSizes() {
        assertThatThrownBy(() -> TumblingEventTimeWindows.of(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size must be positive, got 0 ms");
        assertThatThrownBy(() -> TumblingEventTimeWindows.of(ms(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size must be positive, got -5 ms");
        assertThatThrownBy(() -> TumblingProcessingTimeWindows.of(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size must be positive, got 0 ms");
        assertThatThrownBy(() -> SlidingEventTimeWindows.of(Duration.ZERO, ms(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size and slide must be positive, got size 0 ms and slide 5 ms");
        assertThatThrownBy(() -> SlidingProcessingTimeWindows.of(ms(10), ms(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window size and slide must be positive, got size 10 ms and slide -1 ms");
        assertThatThrownBy(() -> EventTimeSessionWindows.withGap(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session gap must be positive, got 0 ms");
        assertThatThrownBy(() -> ProcessingTimeSessionWindows.withGap(ms(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("session gap must be positive, got -1 ms");
    }

    @Test
    void shouldRefuseOffsetsNotSmallerThanTheSizeOrSlide() {
        assertThatThrownBy(() -> TumblingEventTimeWindows.of(ms(10), ms(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window offset 10 ms must be smaller than the size 10 ms");
        assertThatThrownBy(() -> TumblingEventTimeWindows.of(ms(10), ms(-12)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window offset -12 ms must be smaller than the size 10 ms");
        assertThatThrownBy(() -> SlidingEventTimeWindows.of(ms(10), ms(5), ms(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window offset 5 ms must be smaller than the slide 5 ms");
        assertThat(TumblingEventTimeWindows.<String>of(ms(10), ms(-9)).assignWindows("x", 0, 0))
                .containsExactly(new TimeWindow(-9, 1));
    }
}
