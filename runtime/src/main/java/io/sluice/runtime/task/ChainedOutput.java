package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;

import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MutableCallSite;

/**
 * The output of an operator of a chain other than its last: its records all go on to the next
 * operator, one call each (no queue, no copy). The tail's edges are a {@link TailOutput}'s; kept
 * apart so that a link has no per-record loop over writers it does not have, which keeps a chain's
 * compiled body small enough for the JIT to fuse it with the loop that feeds it. Task thread only.
 *
 * <p>In a link's own copy of this class (see {@link ChainLinks}) the next operator is the one that
 * the copy's call site, {@link #NEXT}, returns, which the JIT sees as a constant; in this class
 * itself {@code NEXT} is null and the next operator is read from the field.
 */
final class ChainedOutput<T> implements Output<T> {

    /**
     * The next operator, returned by the call site of a link's copy; else null. A call site that
     * returns the operator rather than one that calls it: with the latter, every link of a chain
     * would nest the same invoker inside the one before, which C2 stops inlining at the second
     * level ("recursive inlining is too deep", JDK 25).
     */
    private static final MethodHandle NEXT = nextOperatorOfCopy();

    private final OperatorCounters counters;
    private final StreamOperator<T, ?> next;
    private final SideOutputWriters sideOutputs;

    /** The next operator's records in are this one's records out: counted once, here. */
    ChainedOutput(OperatorCounters counters, StreamOperator<T, ?> next, SideOutputWriters sideOutputs) {
        this.counters = counters;
        this.next = next;
        this.sideOutputs = sideOutputs;
    }

    private static MethodHandle nextOperatorOfCopy() {
        try {
            MutableCallSite site = MethodHandles.classData(MethodHandles.lookup(), ConstantDescs.DEFAULT_NAME,
                    MutableCallSite.class);
            return site == null ? null : site.dynamicInvoker();
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void collect(T value, long timestamp) throws Exception {
        counters.recordsOut++;
        try {
            @SuppressWarnings("unchecked")
            StreamOperator<T, ?> operator = NEXT != null ? (StreamOperator<T, ?>) (StreamOperator<?, ?>) NEXT.invokeExact()
                    : next;
            operator.processElement(value, timestamp);
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
