package io.sluice.api.windowing;

import io.sluice.api.state.ReducingStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.api.windowing.TriggerResult.CONTINUE;
import static io.sluice.api.windowing.TriggerResult.FIRE;
import static io.sluice.api.windowing.TriggerResult.FIRE_AND_PURGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriggersTest {

    private static final TimeWindow W = new TimeWindow(0, 10);
    private static final TimeWindow OTHER = new TimeWindow(10, 20);
    /** Same name as CountTrigger's own descriptor, to read the count it keeps. */
    private static final ReducingStateDescriptor<Long> COUNT =
            new ReducingStateDescriptor<>("count-trigger", Long::sum, Long.class);

    private final FakeTriggerContext ctx = new FakeTriggerContext();

    private static <W extends Window> List<TriggerResult> feed(Trigger<Object, W> trigger, W window,
                                                               FakeTriggerContext ctx, int elements)
            throws Exception {
        List<TriggerResult> results = new ArrayList<>();
        for (int i = 0; i < elements; i++) {
            results.add(trigger.onElement("e" + i, i, window, ctx.window(window)));
        }
        return results;
    }

    // ---- CountTrigger ----------------------------------------------------------------------------

    @Test
    void shouldFireACountTriggerEveryNthElementAndStartCountingAfresh() throws Exception {
        CountTrigger<TimeWindow> trigger = CountTrigger.of(3);

        assertThat(feed(trigger, W, ctx, 7)).containsExactly(CONTINUE, CONTINUE, FIRE, CONTINUE, CONTINUE, FIRE,
                CONTINUE);
        assertThat(ctx.stateOf(W, COUNT)).isEqualTo(1L);
    }

    @Test
    void shouldFireACountTriggerOfOneOnEveryElement() throws Exception {
        assertThat(feed(CountTrigger.of(1), W, ctx, 3)).containsExactly(FIRE, FIRE, FIRE);
    }

    @Test
    void shouldCountEachWindowSeparately() throws Exception {
        CountTrigger<TimeWindow> trigger = CountTrigger.of(2);

        assertThat(feed(trigger, W, ctx, 1)).containsExactly(CONTINUE);
        assertThat(feed(trigger, OTHER, ctx, 1)).containsExactly(CONTINUE);
        assertThat(feed(trigger, W, ctx, 1)).containsExactly(FIRE);
        assertThat(ctx.stateOf(OTHER, COUNT)).isEqualTo(1L);
    }

    @Test
    void shouldIgnoreTimersInACountTrigger() throws Exception {
        CountTrigger<TimeWindow> trigger = CountTrigger.of(2);

        assertThat(trigger.onEventTime(9, W, ctx.window(W))).isEqualTo(CONTINUE);
        assertThat(trigger.onProcessingTime(9, W, ctx.window(W))).isEqualTo(CONTINUE);
        assertThat(ctx.eventTimeTimers).isEmpty();
        assertThat(ctx.processingTimeTimers).isEmpty();
    }

    @Test
    void shouldForgetTheCountWhenCleared() throws Exception {
        CountTrigger<TimeWindow> trigger = CountTrigger.of(2);
        feed(trigger, W, ctx, 1);

        trigger.clear(W, ctx.window(W));

        assertThat(ctx.stateOf(W, COUNT)).isNull();
        assertThat(feed(trigger, W, ctx, 2)).containsExactly(CONTINUE, FIRE);
    }

    @Test
    void shouldAddUpTheCountsOfMergedWindows() throws Exception {
        CountTrigger<TimeWindow> trigger = CountTrigger.of(4);
        TimeWindow a = new TimeWindow(0, 5);
        TimeWindow b = new TimeWindow(3, 8);
        TimeWindow merged = new TimeWindow(0, 8);
        feed(trigger, a, ctx, 2);
        feed(trigger, b, ctx, 1);

        assertThat(trigger.canMerge()).isTrue();
        trigger.onMerge(merged, ctx.merging(List.of(a, b), merged));

        assertThat(ctx.stateOf(merged, COUNT)).isEqualTo(3L);
        assertThat(feed(trigger, merged, ctx, 1)).containsExactly(FIRE);
    }

    @Test
    void shouldRefuseANonPositiveCount() {
        assertThatThrownBy(() -> CountTrigger.of(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trigger count must be positive, got 0");
        assertThatThrownBy(() -> CountTrigger.of(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trigger count must be positive, got -3");
        assertThat(CountTrigger.of(5).toString()).isEqualTo("CountTrigger(5)");
    }

    // ---- PurgingTrigger --------------------------------------------------------------------------

    @Test
    void shouldTurnEveryFireIntoFireAndPurge() throws Exception {
        PurgingTrigger<Object, TimeWindow> trigger = PurgingTrigger.of(CountTrigger.of(2));

        assertThat(feed(trigger, W, ctx, 5)).containsExactly(CONTINUE, FIRE_AND_PURGE, CONTINUE, FIRE_AND_PURGE,
                CONTINUE);
    }

    @Test
    void shouldPurgeOnTheTimersOfTheNestedTrigger() throws Exception {
        PurgingTrigger<Object, TimeWindow> eventTime = PurgingTrigger.of(EventTimeTrigger.create());
        PurgingTrigger<Object, TimeWindow> processingTime = PurgingTrigger.of(ProcessingTimeTrigger.create());

        assertThat(eventTime.onEventTime(W.maxTimestamp(), W, ctx)).isEqualTo(FIRE_AND_PURGE);
        assertThat(eventTime.onEventTime(W.maxTimestamp() - 1, W, ctx)).isEqualTo(CONTINUE);
        assertThat(eventTime.onProcessingTime(W.maxTimestamp(), W, ctx)).isEqualTo(CONTINUE);
        assertThat(processingTime.onProcessingTime(W.maxTimestamp(), W, ctx)).isEqualTo(FIRE_AND_PURGE);
    }

    @Test
    void shouldDelegateMergingAndClearingToTheNestedTrigger() throws Exception {
        PurgingTrigger<Object, TimeWindow> trigger = PurgingTrigger.of(EventTimeTrigger.create());
        trigger.onElement("x", 1, W, ctx);

        assertThat(trigger.canMerge()).isTrue();
        assertThat(PurgingTrigger.of(NeverTrigger.create()).canMerge()).isFalse();
        assertThat(ctx.eventTimeTimers).containsExactly(9L);
        trigger.clear(W, ctx);
        assertThat(ctx.eventTimeTimers).isEmpty();
        trigger.onMerge(new TimeWindow(0, 30), ctx);
        assertThat(ctx.eventTimeTimers).containsExactly(29L);
    }

    // ---- EventTimeTrigger ------------------------------------------------------------------------

    @Test
    void shouldRegisterATimerAtTheWindowEndAndFireOnlyAtIt() throws Exception {
        EventTimeTrigger trigger = EventTimeTrigger.create();
        ctx.watermark = 5;

        assertThat(trigger.onElement("x", 7, W, ctx)).isEqualTo(CONTINUE);
        assertThat(ctx.eventTimeTimers).containsExactly(9L);
        assertThat(trigger.onEventTime(8, W, ctx)).isEqualTo(CONTINUE);
        assertThat(trigger.onEventTime(9, W, ctx)).isEqualTo(FIRE);
        assertThat(trigger.onEventTime(10, W, ctx)).isEqualTo(CONTINUE);
        assertThat(trigger.onProcessingTime(9, W, ctx)).isEqualTo(CONTINUE);
        assertThat(ctx.processingTimeTimers).isEmpty();
    }

    @Test
    void shouldFireAtOnceForALateElementOfAWindowTheWatermarkHasPassed() throws Exception {
        EventTimeTrigger trigger = EventTimeTrigger.create();
        ctx.watermark = 9;

        assertThat(trigger.onElement("late", 3, W, ctx)).isEqualTo(FIRE);
        assertThat(ctx.eventTimeTimers).isEmpty();
    }

    @Test
    void shouldReRegisterTheTimerOfAMergedWindowOnlyIfTheWatermarkIsBeforeItsEnd() throws Exception {
        EventTimeTrigger trigger = EventTimeTrigger.create();
        ctx.watermark = 15;

        trigger.onMerge(new TimeWindow(0, 16), ctx);
        assertThat(ctx.eventTimeTimers).isEmpty();
        trigger.onMerge(new TimeWindow(0, 17), ctx);
        assertThat(ctx.eventTimeTimers).containsExactly(16L);
        assertThat(trigger.canMerge()).isTrue();
    }

    @Test
    void shouldDeleteTheEventTimeTimerWhenCleared() throws Exception {
        EventTimeTrigger trigger = EventTimeTrigger.create();
        trigger.onElement("x", 1, W, ctx);
        trigger.onElement("y", 11, OTHER, ctx);

        trigger.clear(W, ctx);

        assertThat(ctx.eventTimeTimers).containsExactly(19L);
        assertThat(trigger.toString()).isEqualTo("EventTimeTrigger");
    }

    // ---- ProcessingTimeTrigger and NeverTrigger --------------------------------------------------

    @Test
    void shouldFireAProcessingTimeTriggerOnItsTimer() throws Exception {
        ProcessingTimeTrigger trigger = ProcessingTimeTrigger.create();
        ctx.processingTime = 3;

        assertThat(trigger.onElement("x", 0, W, ctx)).isEqualTo(CONTINUE);
        assertThat(ctx.processingTimeTimers).containsExactly(9L);
        assertThat(trigger.onProcessingTime(9, W, ctx)).isEqualTo(FIRE);
        assertThat(trigger.onEventTime(9, W, ctx)).isEqualTo(CONTINUE);
        trigger.onMerge(new TimeWindow(0, 4), ctx);
        assertThat(ctx.processingTimeTimers).containsExactly(9L);
        trigger.onMerge(new TimeWindow(0, 30), ctx);
        assertThat(ctx.processingTimeTimers).containsExactly(9L, 29L);
        trigger.clear(W, ctx);
        assertThat(ctx.processingTimeTimers).containsExactly(29L);
    }

    @Test
    void shouldNeverFireANeverTriggerNorSupportMerging() throws Exception {
        NeverTrigger trigger = NeverTrigger.create();

        assertThat(trigger.onElement("x", 0, GlobalWindow.INSTANCE, ctx)).isEqualTo(CONTINUE);
        assertThat(trigger.onEventTime(Long.MAX_VALUE, GlobalWindow.INSTANCE, ctx)).isEqualTo(CONTINUE);
        assertThat(trigger.onProcessingTime(Long.MAX_VALUE, GlobalWindow.INSTANCE, ctx)).isEqualTo(CONTINUE);
        assertThat(trigger.canMerge()).isFalse();
        assertThatThrownBy(() -> trigger.onMerge(GlobalWindow.INSTANCE, ctx))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("NeverTrigger does not support merging windows");
        assertThat(ctx.eventTimeTimers).isEmpty();
        assertThat(ctx.storedValues()).isZero();
    }

    @Test
    void shouldDescribeEachResultAsFireAndPurgeFlags() {
        assertThat(CONTINUE.isFire()).isFalse();
        assertThat(CONTINUE.isPurge()).isFalse();
        assertThat(FIRE.isFire()).isTrue();
        assertThat(FIRE.isPurge()).isFalse();
        assertThat(TriggerResult.PURGE.isFire()).isFalse();
        assertThat(TriggerResult.PURGE.isPurge()).isTrue();
        assertThat(FIRE_AND_PURGE.isFire()).isTrue();
        assertThat(FIRE_AND_PURGE.isPurge()).isTrue();
    }
}
