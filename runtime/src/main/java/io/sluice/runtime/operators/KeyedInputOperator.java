package io.sluice.runtime.operators;

/**
 * Makes a plain operator (map, filter, flatMap, process) keyed when it reads a keyed stream, as in
 * {@code keyBy(...).map(richFunctionWithState)}: sets the element's key before each call, so the
 * function's keyed state is scoped to it. Everything else goes straight to the wrapped operator.
 */
public final class KeyedInputOperator<IN, OUT> extends StreamOperator<IN, OUT> {

    private final StreamOperator<IN, OUT> operator;
    private BackendKeyContext keys;

    public KeyedInputOperator(StreamOperator<IN, OUT> operator) {
        this.operator = operator;
    }

    @Override
    public void open() throws Exception {
        operator.setup(context, output);
        keys = new BackendKeyContext(context);
        operator.open();
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        keys.setCurrentKeyOf(value);
        operator.processElement(value, timestamp);
    }

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
    public boolean finish() throws Exception {
        return operator.finish();
    }

    @Override
    public void close() throws Exception {
        operator.close();
    }
}
