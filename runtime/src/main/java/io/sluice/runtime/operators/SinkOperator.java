package io.sluice.runtime.operators;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.api.connector.TwoPhaseCommitSink;

import java.util.Collection;

/**
 * Feeds a sink's writer. While the writer says it is not ready, the task takes no input
 * (back-pressure without blocking). At the end of a bounded input it flushes, and a two-phase
 * commit sink pre-commits and commits its last transaction.
 */
public final class SinkOperator<T> extends StreamOperator<T, Void> {

    private final Sink<T> sink;
    private SinkWriter<T> writer;

    public SinkOperator(Sink<T> sink) {
        this.sink = sink;
    }

    @Override
    public void open() throws Exception {
        writer = sink.createWriter(new ConnectorContext(context));
    }

    @Override
    public void processElement(T value, long timestamp) throws Exception {
        writer.write(value, timestamp);
    }

    @Override
    public boolean isBlocked() {
        return !writer.isReady();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean finish() throws Exception {
        writer.flush(true);
        if (sink instanceof TwoPhaseCommitSink tpc && writer instanceof TwoPhaseCommitSink.PrecommittingWriter w) {
            Collection<Object> committables = w.prepareCommit();
            try (TwoPhaseCommitSink.Committer<Object> committer = tpc.createCommitter()) {
                committer.commit(committables);
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
    }
}
