package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;

/**
 * The output of an operator with edges that leave the chain here: their record writers, and a
 * direct call into the next chained operator (no queue, no copy) if there is one; side outputs by
 * tag. A link that only chains is a {@link ChainedOutput}. Task thread only.
 */
final class ChainOutput<T> implements Output<T> {

    private final OperatorCounters counters;
    private final StreamOperator<T, ?> next;
    private final RecordWriter[] writers;
    private final SideOutputWriters sideOutputs;

    /** The next operator's records in are this one's records out: counted once, here. */
    ChainOutput(OperatorCounters counters, StreamOperator<T, ?> next,
                RecordWriter[] writers, SideOutputWriters sideOutputs) {
        this.counters = counters;
        this.next = next;
        this.writers = writers;
        this.sideOutputs = sideOutputs;
    }

    @Override
    public void collect(T value, long timestamp) throws Exception {
        counters.recordsOut++;
        if (next != null) {
            try {
                next.processElement(value, timestamp);
            } catch (Throwable t) {
                throw OperatorFailure.wrap(t, next.context().operatorName(), next.context().subtaskIndex(),
                        next.context().parallelism());
            }
        }
        for (RecordWriter w : writers) {
            w.emitRecord(value, timestamp);
        }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception {
        sideOutputs.collect(tag, value, timestamp);
    }
}
