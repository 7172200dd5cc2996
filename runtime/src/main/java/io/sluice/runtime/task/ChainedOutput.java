package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;

/**
 * The output of an operator of a chain other than its last: its records all go on to the next
 * operator, one call each (no queue, no copy). The tail's edges are a {@link TailOutput}'s; kept
 * apart so that a link has no per-record loop over writers it does not have, which keeps a chain's
 * compiled body small enough for the JIT to fuse it with the loop that feeds it. Task thread only.
 */
final class ChainedOutput<T> implements Output<T> {

    private final OperatorCounters counters;
    private final StreamOperator<T, ?> next;
    private final SideOutputWriters sideOutputs;

    /** The next operator's records in are this one's records out: counted once, here. */
    ChainedOutput(OperatorCounters counters, StreamOperator<T, ?> next, SideOutputWriters sideOutputs) {
        this.counters = counters;
        this.next = next;
        this.sideOutputs = sideOutputs;
    }

    @Override
    public void collect(T value, long timestamp) throws Exception {
        counters.recordsOut++;
        try {
            next.processElement(value, timestamp);
        } catch (Throwable t) {
            throw OperatorFailure.wrap(t, next.context().operatorName(), next.context().subtaskIndex(),
                    next.context().parallelism());
        }
    }

    @Override
    public <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception {
        sideOutputs.collect(tag, value, timestamp);
    }
}
