package io.sluice.runtime.operators.join;

import io.sluice.api.OutputTag;
import io.sluice.api.internal.IntervalJoinFunction;
import io.sluice.runtime.checkpoint.RestoredState;
import io.sluice.runtime.operators.ForwardingOperator;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TwoInputOperator;

/**
 * An interval join: the keyed two-input operator that runs its {@link IntervalJoinFunction}, with
 * what a plain keyed co-process function cannot say. Everything it emits carries the join's own
 * timestamp (a pair's larger one, a late element's own) rather than the current element's, and
 * its late elements without a side output count as the operator's dropped records. All else goes
 * straight to the wrapped operator. Task thread only.
 */
public final class IntervalJoinOperator<L, R, O> extends ForwardingOperator<L, O> implements TwoInputOperator<R> {

    private final TwoInputOperator<R> secondInput;
    private final IntervalJoinFunction<?, L, R, O> join;
    private final Output<O> joinOutput = new JoinTimestampOutput();

    /** @param operator the keyed co-process operator running {@code join} */
    @SuppressWarnings("unchecked")
    public IntervalJoinOperator(StreamOperator<L, O> operator, IntervalJoinFunction<?, L, R, O> join) {
        super(operator);
        if (!(operator instanceof TwoInputOperator<?>)) {
            throw new IllegalArgumentException(operator.getClass().getName() + " is not a two-input operator");
        }
        this.secondInput = (TwoInputOperator<R>) operator;
        this.join = join;
    }

    /**
     * A restore reaches the wrapped operator before {@link #open}: it is set up first, as it needs
     * its context there.
     */
    @Override
    public void initializeState(RestoredState restored) throws Exception {
        operator.setup(context, joinOutput);
        super.initializeState(restored);
    }

    /** The wrapped operator writes through {@link JoinTimestampOutput}, not straight to the output. */
    @Override
    public void open() throws Exception {
        operator.setup(context, joinOutput);
        operator.open();
    }

    @Override
    protected void openWrapper() {
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
    public long recordsDropped() {
        return operator.recordsDropped() + join.lateRecordsDropped();
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
