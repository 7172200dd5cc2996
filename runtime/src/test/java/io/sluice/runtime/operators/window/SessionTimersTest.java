package io.sluice.runtime.operators.window;

import io.sluice.runtime.operators.window.SessionSums.Ev;
import io.sluice.runtime.testing.OperatorHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.runtime.operators.window.SessionSums.GAP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SessionWindowOperator}'s timers: a key keeps one timer at the earliest end of its open
 * sessions, however many it has, and each session still fires at the first watermark that passes
 * its end (the oracle tests check the results of random streams; this checks the timers' count).
 */
class SessionTimersTest {

    @Test
    void aKeyKeepsOneTimerForAllItsSessionsAndEachFiresWhenTheWatermarkPassesItsEnd() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            int sessions = 50;
            for (int i = 0; i < sessions; i++) { // key 1: sessions [100 i, 100 i + 10), in order
                h.processElement(new Ev(1, i), 100L * i);
            }
            h.processWatermark(-1); // writes the sessions folded on the heap into the state
            assertThat(h.numEventTimeTimers()).as("timers of one key with %d open sessions", sessions).isEqualTo(1);

            List<Ev> expected = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                h.processWatermark(100L * i + GAP - 2); // one before the session's last timestamp: nothing fires
                assertThat(h.output()).as("fired by watermark %d", 100L * i + GAP - 2).isEqualTo(expected);
                h.processWatermark(100L * i + GAP - 1);
                expected.add(new Ev(1, i));
                assertThat(h.output()).as("fired by watermark %d", 100L * i + GAP - 1).isEqualTo(expected);
                assertThat(h.numEventTimeTimers()).isEqualTo(i == sessions - 1 ? 0 : 1);
            }
        }
    }

    @Test
    void aSessionOpenedBeforeEveryOtherOfItsKeyGetsATimerOfItsOwn() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processElement(new Ev(1, 1), 500);
            h.processWatermark(-1); // [500, 510) in the state, with a timer at 509
            h.processElement(new Ev(1, 2), 300); // ends before [500, 510): needs an earlier timer
            h.processElement(new Ev(1, 4), 700); // ends after both: covered already
            h.processWatermark(0);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);

            h.processWatermark(309);
            assertThat(h.output()).containsExactly(new Ev(1, 2));
            h.processWatermark(509);
            assertThat(h.output()).containsExactly(new Ev(1, 2), new Ev(1, 1));
            h.processWatermark(709);
            assertThat(h.output()).containsExactly(new Ev(1, 2), new Ev(1, 1), new Ev(1, 4));
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aSessionThatGrewPastItsTimerFiresAtItsNewEnd() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processElement(new Ev(1, 1), 0); // [0, 10), timer at 9
            h.processElement(new Ev(2, 5), 0); // another key: a timer of its own
            h.processWatermark(-1);
            assertThat(h.numEventTimeTimers()).isEqualTo(2);
            h.processElement(new Ev(1, 2), 8); // [0, 18)

            h.processWatermark(9); // key 1's timer finds its session grown, and moves to 17
            assertThat(h.output()).containsExactly(new Ev(2, 5));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processElement(new Ev(1, 4), 16); // [0, 26): still covered by the timer at 17
            h.processWatermark(17);
            assertThat(h.output()).containsExactly(new Ev(2, 5));
            h.processWatermark(25);
            assertThat(h.output()).containsExactly(new Ev(2, 5), new Ev(1, 7));
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
