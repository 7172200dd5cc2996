package io.sluice.connectors.datagen;

import io.sluice.api.connector.SourceReaderContext;

/** A reader context whose processing time the test moves by hand. */
final class ManualClockReaderContext implements SourceReaderContext {

    private final int subtaskIndex;
    private final int parallelism;
    private long nowMs;

    ManualClockReaderContext(int subtaskIndex, int parallelism, long nowMs) {
        this.subtaskIndex = subtaskIndex;
        this.parallelism = parallelism;
        this.nowMs = nowMs;
    }

    void advanceMs(long ms) {
        nowMs += ms;
    }

    @Override
    public int subtaskIndex() {
        return subtaskIndex;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public long currentProcessingTime() {
        return nowMs;
    }
}
