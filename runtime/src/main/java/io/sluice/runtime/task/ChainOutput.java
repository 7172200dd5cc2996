package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;

import java.util.Map;

/**
 * The output of one operator of a chain: a direct call into the next chained operator (no queue,
 * no copy) and/or the record writers of the edges that leave the chain here; side outputs by tag.
 * Task thread only.
 */
final class ChainOutput<T> implements Output<T> {

    private final OperatorCounters counters;
    private final StreamOperator<T, ?> next;
    private final RecordWriter[] writers;
    private final Map<OutputTag<?>, RecordWriter[]> sideWriters;

    /** The next operator's records in are this one's records out: counted once, here. */
    ChainOutput(OperatorCounters counters, StreamOperator<T, ?> next,
                RecordWriter[] writers, Map<OutputTag<?>, RecordWriter[]> sideWriters) {
        this.counters = counters;
        this.next = next;
        this.writers = writers;
        this.sideWriters = sideWriters;
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
        RecordWriter[] targets = sideWriters.get(tag);
        if (targets == null) {
            counters.sideOutputDiscarded++; // nobody reads this side output: counted, not silent
            return;
        }
        for (RecordWriter w : targets) {
            w.emitRecord(value, timestamp);
        }
    }
}
