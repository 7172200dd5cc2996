package io.sluice.runtime.operators;

import io.sluice.runtime.checkpoint.RestoredState;

import java.util.List;

/**
 * An operator that wraps another and hands it everything but what it adds itself (a key to set
 * before each record, say): lifecycle, watermarks, timers, end of input and checkpoints.
 */
public abstract class ForwardingOperator<IN, OUT> extends StreamOperator<IN, OUT> {

    protected final StreamOperator<IN, OUT> operator;

    protected ForwardingOperator(StreamOperator<IN, OUT> operator) {
        this.operator = operator;
    }

    /** Sets up the wrapped operator and opens it; subclasses prepare what they add first. */
    @Override
    public void open() throws Exception {
        operator.setup(context, output);
        openWrapper();
        operator.open();
    }

    /** What the wrapper prepares after the wrapped operator is set up and before it opens. */
    protected abstract void openWrapper() throws Exception;

    @Override
    public int processWatermark(long watermark) throws Exception {
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
        return operator.recordsDropped();
    }

    @Override
    public boolean isBlocked() {
        return operator.isBlocked();
    }

    @Override
    public boolean mayBlock() {
        return operator.mayBlock();
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
    public void initializeState(RestoredState restored) throws Exception {
        operator.initializeState(restored);
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
}
