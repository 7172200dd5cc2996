package io.sluice.runtime.operators.window;

import io.sluice.runtime.operators.window.SessionSums.Ev;
import io.sluice.runtime.testing.OperatorHarness;
import io.sluice.runtime.testing.StreamRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.sluice.runtime.operators.window.SessionSums.GAP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session windows fold elements on the heap until the next watermark or checkpoint
 * ({@link SessionFolds}): the table itself, and the session window around it. The oracle and
 * recovery tests check the results of random streams and of restores through it.
 */
class SessionFoldsTest {

    record Drained(Object key, boolean first, long start, long end, Object accumulator) {
    }

    /** A table of sums: elements are longs, accumulators their sums. */
    private static SessionFolds sums() {
        return new SessionFolds((acc, e) -> acc == null ? e : (Long) acc + (Long) e, (a, b) -> (Long) a + (Long) b);
    }

    private static List<Drained> drain(SessionFolds folds) throws Exception {
        List<Drained> out = new ArrayList<>();
        folds.drain((key, sessions) -> {
            for (int i = 0; i < sessions.size(); i++) {
                out.add(new Drained(key, i == 0, sessions.start(i), sessions.end(i), sessions.accumulator(i)));
            }
        });
        return out;
    }

    // ---- the table -----------------------------------------------------------------------------

    @Test
    void anElementBridgingTwoSessionsMergesThemIntoOne() throws Exception {
        SessionFolds folds = sums();
        folds.add(1L, 0, 10, 1L);
        folds.add(1L, 20, 30, 2L);
        folds.add(2L, 15, 25, 100L); // another key, between them: not merged
        folds.add(1L, 10, 20, 4L); // touches both

        assertThat(drain(folds)).containsExactly(
                new Drained(1L, true, 0, 30, 7L),
                new Drained(2L, true, 15, 25, 100L));
        assertThat(drain(folds)).as("a drained table is empty").isEmpty();
    }

    @Test
    void aKeysSessionsAreDrainedInTimeOrder() throws Exception {
        SessionFolds folds = sums();
        for (long i : new long[] {4, 0, 2, 1, 3}) {
            folds.add(7L, 100 * i, 100 * i + GAP, i);
        }
        folds.add(7L, 105, 115, 10L); // extends the second

        assertThat(drain(folds)).containsExactly(
                new Drained(7L, true, 0, 10, 0L),
                new Drained(7L, false, 100, 115, 11L),
                new Drained(7L, false, 200, 210, 2L),
                new Drained(7L, false, 300, 310, 3L),
                new Drained(7L, false, 400, 410, 4L));
    }

    @Test
    void anElementBridgingARunOfSessionsMergesThemEarliestFirst() throws Exception {
        SessionFolds folds = new SessionFolds((acc, e) -> acc == null ? e : acc + "+" + e, (a, b) -> a + "|" + b);
        folds.add(1L, 40, 50, "d");
        folds.add(1L, 0, 10, "a");
        folds.add(1L, 20, 30, "b");
        folds.add(1L, 100, 110, "z");
        folds.add(1L, 12, 22, "c"); // touches [20, 30) only: [0, 10) ends before 12
        folds.add(1L, 8, 42, "x"); // bridges [0, 10), [12, 30) and [40, 50)

        assertThat(drain(folds)).containsExactly(
                new Drained(1L, true, 0, 50, "a|b+c|d+x"),
                new Drained(1L, false, 100, 110, "z"));
    }

    @Test
    void theTableGrowsKeepingEveryKeyAndSessionUntilFull() throws Exception {
        SessionFolds folds = sums();
        int keys = SessionFolds.INITIAL_KEYS * 3;
        for (long key = 0; key < keys; key++) {
            folds.add(key, 0, 10, key);
            folds.add(key, 50, 60, 1L);
            folds.add(key, 55, 65, 1L);
        }
        assertThat(folds.isFull()).isFalse();
        List<Drained> drained = drain(folds);
        assertThat(drained).hasSize(2 * keys);
        for (int key = 0; key < keys; key++) {
            assertThat(drained.get(2 * key)).isEqualTo(new Drained((long) key, true, 0, 10, (long) key));
            assertThat(drained.get(2 * key + 1)).isEqualTo(new Drained((long) key, false, 50, 65, 2L));
        }

        for (long key = 0; key < SessionFolds.MAX_KEYS; key++) {
            assertThat(folds.isFull()).isFalse();
            folds.add(key, 0, 10, 1L);
        }
        assertThat(folds.isFull()).as("full at %d keys", SessionFolds.MAX_KEYS).isTrue();
    }

    @Test
    void elementsHeldForTheirBatchAreSeenByEveryReadOfTheTable() throws Exception {
        SessionFolds folds = sums();
        folds.add(1L, 0, 10, 1L); // fewer than a batch: held, not folded yet
        folds.add(2L, 5, 15, 2L);
        assertThat(folds.touches(1L, 10, 20)).as("a held element's session is seen").isTrue();
        assertThat(folds.touches(2L, 16, 26)).isFalse();
        folds.add(1L, 8, 18, 4L);

        assertThat(drain(folds)).containsExactly(
                new Drained(1L, true, 0, 18, 5L),
                new Drained(2L, true, 5, 15, 2L));
    }

    @Test
    void aTableThatFillsInTheMiddleOfABatchFoldsTheRestOfIt() throws Exception {
        SessionFolds folds = sums();
        folds.add(0L, 0, 10, 0L); // one element more than keys: the batch that fills the table holds new keys after that
        long keys = 0;
        while (!folds.isFull()) {
            folds.add(keys, 0, 10, keys);
            keys++;
        }
        assertThat(keys).isGreaterThan(SessionFolds.MAX_KEYS);
        List<Drained> drained = drain(folds);
        assertThat(drained).hasSize((int) keys);
        for (int key = 0; key < keys; key++) {
            assertThat(drained.get(key)).isEqualTo(new Drained((long) key, true, 0, 10, (long) key));
        }
    }

    @Test
    void aFullTableThatFoldedTooFewIsBypassedForAWhile() throws Exception {
        SessionFolds folds = sums();
        for (long key = 0; key < SessionFolds.MAX_KEYS; key++) { // one element per session
            folds.add(key, 0, 10, 1L);
        }
        drain(folds);
        long bypassed = 0;
        while (folds.bypassing()) {
            bypassed++;
        }
        assertThat(bypassed).isEqualTo(FoldBypass.BYPASS_RECORDS);
    }

    // ---- the window around it ------------------------------------------------------------------

    @Test
    void elementsStayOnTheHeapUntilTheWatermarkAndThenFireExactly() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processElement(new Ev(1, 1), 0);
            h.processElement(new Ev(1, 2), 5);
            h.processElement(new Ev(2, 10), 3);
            h.processElement(new Ev(1, 4), 40);
            assertThat(h.numKeyedStateEntries()).as("state records before the watermark").isZero();

            h.processWatermark(14);
            assertThat(h.output()).as("in the order of their ends").containsExactly(new Ev(2, 10), new Ev(1, 3));
            assertThat(h.numKeyedStateEntries()).as("key 1's record, with [40, 50) open").isEqualTo(1);
            h.processWatermark(49);
            assertThat(h.output()).containsExactly(new Ev(2, 10), new Ev(1, 3), new Ev(1, 4));
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void anElementTheWatermarkPassedJoinsASessionStillOnTheHeap() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processWatermark(100);
            h.processElement(new Ev(1, 1), 95); // [95, 105): not late, folded on the heap
            h.processElement(new Ev(1, 2), 85); // [85, 95) ends before the watermark but touches it
            h.processElement(new Ev(1, 4), 60); // [60, 70) touches nothing: late
            h.processWatermark(200);

            assertThat(h.outputWithTimestamps()).hasSize(1);
            assertThat(h.outputWithTimestamps().get(0).value()).isEqualTo(new Ev(1, 3));
            assertThat(h.outputWithTimestamps().get(0).timestamp()).as("the end of [85, 105), less one").isEqualTo(104);
            assertThat(h.recordsDropped()).isEqualTo(1);
        }
    }

    @Test
    void sessionsOnTheHeapBridgingSessionsOfTheStateMergeWithThemInOneSession() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processElement(new Ev(1, 1), 0);
            h.processElement(new Ev(1, 2), 20);
            h.processElement(new Ev(1, 100), 60);
            h.processWatermark(-1); // [0, 10), [20, 30) and [60, 70) in the state, one timer at 9
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.processElement(new Ev(1, 4), 10); // on the heap: bridges the first two
            h.processElement(new Ev(1, 8), 55); // joins the third, starting it earlier
            h.processElement(new Ev(1, 16), 40); // a session of its own
            h.processWatermark(29);

            assertThat(h.outputWithTimestamps()).containsExactly(new StreamRecord<>(new Ev(1, 7), 29));
            h.processWatermark(69); // the key's timer fires both sessions it passed, in the record's order
            assertThat(h.outputWithTimestamps()).containsExactlyInAnyOrder(new StreamRecord<>(new Ev(1, 7), 29),
                    new StreamRecord<>(new Ev(1, 16), 49), new StreamRecord<>(new Ev(1, 108), 69));
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void anElementTheWatermarkPassedJoinsASessionAlreadyInTheState() throws Exception {
        try (OperatorHarness<Ev, Ev> h = SessionSums.open()) {
            h.processElement(new Ev(1, 1), 95);
            h.processWatermark(100); // [95, 105) written to the state, not fired
            h.processElement(new Ev(1, 2), 85);
            h.processWatermark(200);

            assertThat(h.output()).containsExactly(new Ev(1, 3));
            assertThat(h.recordsDropped()).isZero();
        }
    }
}
