package io.sluice.runtime.operators;

import io.sluice.api.connector.TwoPhaseCommitSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkTransactionsTest {

    /** Records what it is asked to do. */
    static final class Recording implements TwoPhaseCommitSink.Committer<Object> {
        final List<Object> committed = new ArrayList<>();
        final List<Object> aborted = new ArrayList<>();
        boolean closed;
        boolean failCommit;

        @Override
        public void commit(Collection<Object> committables) {
            if (failCommit) {
                throw new IllegalStateException("broker down");
            }
            committed.addAll(committables);
        }

        @Override
        public void abort(Collection<Object> committables) {
            aborted.addAll(committables);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void afterAFailureOnlyTransactionsOfCheckpointsThatNeverCompletedAreAborted() {
        SinkTransactions t = new SinkTransactions();
        Recording early = new Recording();
        Recording closedEarly = new Recording();
        t.add("early (1)", early, List.of("last-of-early"));
        TreeMap<Long, List<Object>> pending = new TreeMap<>(Map.of(4L, List.of("t4"), 5L, List.of("t5a", "t5b"),
                7L, List.of("t7")));
        t.leftPending("sink (2)", closedEarly, pending);

        t.settleAfterFailure(5);

        assertThat(early.committed).as("a failed run commits no last transaction").isEmpty();
        assertThat(early.aborted).isEmpty();
        assertThat(closedEarly.aborted).as("checkpoint 7 never completed; 4 and 5 did").containsExactly("t7");
        assertThat(closedEarly.committed).isEmpty();
        assertThat(early.closed).isTrue();
        assertThat(closedEarly.closed).isTrue();
    }

    @Test
    void whenEveryTaskFinishedTheLastTransactionsAreCommittedAndAFailureIsReportedPerSink() throws Exception {
        SinkTransactions t = new SinkTransactions();
        Recording ok = new Recording();
        Recording broken = new Recording();
        broken.failCommit = true;
        t.add("ok (1)", ok, List.of("a"));
        t.add("broken (1)", broken, List.of("b"));
        assertThatThrownBy(t::commitAll).hasMessageContaining("sink 'broken (1)' could not commit")
                .hasMessageContaining("broker down");
        assertThat(ok.committed).containsExactly("a");
        assertThat(ok.closed).isTrue();
        assertThat(broken.closed).isTrue();
    }
}
