package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.operators.Output;

/**
 * The output of the last operator of a chain: the record writers of the edges that leave the chain
 * there (none for a sink); side outputs by tag. Every other operator of a chain has exactly one
 * output, the next operator ({@link ChainedOutput}): an operator with more than one output edge
 * ends its chain. Task thread only.
 */
final class TailOutput<T> implements Output<T> {

    private final OperatorCounters counters;
    private final RecordWriter[] writers;
    private final SideOutputWriters sideOutputs;

    TailOutput(OperatorCounters counters, RecordWriter[] writers, SideOutputWriters sideOutputs) {
        this.counters = counters;
        this.writers = writers;
        this.sideOutputs = sideOutputs;
    }

    @Override
    public void collect(T value, long timestamp) throws Exception {
        counters.recordsOut++;
        for (RecordWriter w : writers) {
            w.emitRecord(value, timestamp);
        }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception {
        sideOutputs.collect(tag, value, timestamp);
    }
}
