package io.sluice.runtime.operators.join;

import io.sluice.api.OutputTag;
import io.sluice.api.internal.IntervalJoinFunction;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.SinkTransactions;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TwoInputOperator;

import java.util.List;

/**
 * An interval join: the keyed two-input operator that runs its {@link IntervalJoinFunction}, with
 * what a plain keyed co-process function cannot say. Everything it emits carries the join's own
 * timestamp (a pair's larger one, a late element's own) rather than the current element's, and
 * its late elements without a side output count as the operator's dropped records. All else goes
 * straight to the wrapped operator. Task thread only.
 */
public final class IntervalJoinOperator<L, R, O> extends StreamOperator<L, O> implements TwoInputOperator<R> {

    private final StreamOperator<L, O> operator;
    private final TwoInputOperator<R> secondInput;
    private final IntervalJoinFunction<?, L, R, O> join;

    /** @param operator the keyed co-process operator running {@code join} */
    @SuppressWarnings("unchecked")
    public IntervalJoinOperator(StreamOperator<L, O> operator, IntervalJoinFunction<?, L, R, O> join) {
        if (!(operator instanceof TwoInputOperator<?>)) {
            throw new IllegalArgumentException(operator.getClass().getName() + " is not a two-input operator");
        }
        this.operator = operator;
        this.secondInput = (TwoInputOperator<R>) operator;
        this.join = join;
    }

    @Override
    public void open() throws Exception {
        operator.setup(context, new JoinTimestampOutput());
        operator.open();
    }

    @Override
    public void processElement(L value, long timestamp) throws Exception {
        operator.processElement(value, timestamp);
    }

    @Override
    public void processElement2(R value, long timestamp) throws Exception {
        secondInput.processElement2(value, timestamp);
    }

    @Override
    public int processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        return operator.processWatermark(watermark);
    }

    @Override
    public long currentWatermark() {
        return operator.currentWatermark();
    }

    @Override
    public boolean forwardsStatus() {
        return operator.forwardsStatus();
    }

    @Override
    public boolean hasDueProcessingTimers(long nowMs) {
        return operator.hasDueProcessingTimers(nowMs);
    }

    @Override
    public boolean onProcessingTime(long nowMs) throws Exception {
        return operator.onProcessingTime(nowMs);
    }

    @Override
    public void onPeriodic(long nowMs) throws Exception {
        operator.onPeriodic(nowMs);
    }

    @Override
    public long recordsDropped() {
        return operator.recordsDropped() + join.lateRecordsDropped();
    }

    @Override
    public boolean isBlocked() {
        return operator.isBlocked();
    }

    @Override
    public boolean finish() throws Exception {
        return operator.finish();
    }

    @Override
    public List<byte[]> snapshotState(long checkpointId) throws Exception {
        return operator.snapshotState(checkpointId);
    }

    @Override
    public void initializeState(List<byte[]> items) throws Exception {
        operator.initializeState(items);
    }

    @Override
    public boolean hasPendingTransactions() {
        return operator.hasPendingTransactions();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        operator.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void leaveTransactionsWith(SinkTransactions commits) {
        operator.leaveTransactionsWith(commits);
    }

    @Override
    public void close() throws Exception {
        operator.close();
    }

    /** Stamps what the join emits with the join's timestamp. */
    private final class JoinTimestampOutput implements Output<O> {
        @Override
        public void collect(O value, long timestamp) throws Exception {
            output.collect(value, join.outputTimestamp());
        }

        @Override
        public <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception {
            output.collect(tag, value, join.outputTimestamp());
        }
    }
}
