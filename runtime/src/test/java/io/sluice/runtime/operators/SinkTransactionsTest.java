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
        Recording closedEarly = new Recording();
        Recording ended = new Recording();
        TreeMap<Long, List<Object>> pending = new TreeMap<>(Map.of(4L, List.of("t4"), 5L, List.of("t5a", "t5b"),
                7L, List.of("t7")));
        t.leftPending("sink (2)", closedEarly, pending);
        // a sink whose input had ended, its last transaction waiting for the final checkpoint
        t.leftPending("sink (1)", ended, new TreeMap<>(Map.of(Long.MAX_VALUE, List.of("last"))));

        t.settleAfterFailure(5);

        assertThat(closedEarly.aborted).as("checkpoint 7 never completed; 4 and 5 did").containsExactly("t7");
        assertThat(closedEarly.committed).isEmpty();
        assertThat(ended.aborted).as("the final checkpoint never came").containsExactly("last");
        assertThat(ended.committed).isEmpty();
        assertThat(ended.closed).isTrue();
        assertThat(closedEarly.closed).isTrue();
    }
}
