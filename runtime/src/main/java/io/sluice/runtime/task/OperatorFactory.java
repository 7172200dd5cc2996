package io.sluice.runtime.task;

import io.sluice.api.connector.Sink;
import io.sluice.api.functions.FilterFunction;
import io.sluice.api.functions.FlatMapFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.internal.IntervalJoinFunction;
import io.sluice.runtime.operators.CoFlatMapOperator;
import io.sluice.runtime.operators.CoMapOperator;
import io.sluice.runtime.operators.CoProcessOperator;
import io.sluice.runtime.operators.broadcast.BroadcastProcessOperator;
import io.sluice.runtime.operators.broadcast.KeyedBroadcastProcessOperator;
import io.sluice.runtime.operators.FilterOperator;
import io.sluice.runtime.operators.KeyedCoProcessOperator;
import io.sluice.runtime.operators.FlatMapOperator;
import io.sluice.runtime.operators.KeyedProcessOperator;
import io.sluice.runtime.operators.MapOperator;
import io.sluice.runtime.operators.ProcessOperator;
import io.sluice.runtime.operators.SinkOperator;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TimestampsAndWatermarksOperator;
import io.sluice.runtime.operators.async.AsyncWaitOperator;
import io.sluice.runtime.operators.join.IntervalJoinOperator;
import io.sluice.runtime.operators.window.SessionWindowOperator;
import io.sluice.runtime.operators.window.SlicingWindowOperator;
import io.sluice.runtime.operators.window.WindowOperator;

/** Makes the operator for each kind of {@link OperatorSpec}; the spec is already this subtask's copy. */
public final class OperatorFactory {

    private OperatorFactory() {
    }

    public static StreamOperator<?, ?> create(OperatorSpec spec) {
        return create(spec, null);
    }

    /**
     * @param slot where the operator runs (chain, position, subtask) for a private class copy of the
     *             per-element operators (see {@link ChainSpecializer}), or null for the shared classes
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StreamOperator<?, ?> create(OperatorSpec spec, String slot) {
        return create(spec, slot, true);
    }

    /**
     * @param windowSlicing whether windows that {@link SlicingWindowOperator} computes get it
     *                      ({@code execution.window-slicing})
     */
    public static StreamOperator<?, ?> create(OperatorSpec spec, String slot, boolean windowSlicing) {
        if (spec instanceof OperatorSpec.Map m) {
            return ChainSpecializer.newInstance(slot, MapOperator.class, StreamOperator.class,
                    new Class<?>[] {MapFunction.class}, m.function());
        }
        if (spec instanceof OperatorSpec.Filter f) {
            return ChainSpecializer.newInstance(slot, FilterOperator.class, StreamOperator.class,
                    new Class<?>[] {FilterFunction.class}, f.function());
        }
        if (spec instanceof OperatorSpec.FlatMap f) {
            return ChainSpecializer.newInstance(slot, FlatMapOperator.class, StreamOperator.class,
                    new Class<?>[] {FlatMapFunction.class}, f.function());
        }
        if (spec instanceof OperatorSpec.Process p) {
            return new ProcessOperator<>(p.function());
        }
        if (spec instanceof OperatorSpec.KeyedProcess k) {
            return new KeyedProcessOperator<>(k.function());
        }
        if (spec instanceof OperatorSpec.KeyedWindow w) {
            if (windowSlicing && SlicingWindowOperator.supports(w)) {
                return new SlicingWindowOperator<>(w);
            }
            return windowSlicing && SessionWindowOperator.supports(w) ? new SessionWindowOperator<>(w) : new WindowOperator<>(w);
        }
        if (spec instanceof OperatorSpec.Watermarks w) {
            return new TimestampsAndWatermarksOperator<>(w.strategy());
        }
        if (spec instanceof OperatorSpec.CoMap m) {
            return new CoMapOperator<>(m.function());
        }
        if (spec instanceof OperatorSpec.CoFlatMap f) {
            return new CoFlatMapOperator<>(f.function());
        }
        if (spec instanceof OperatorSpec.CoProcess p) {
            return new CoProcessOperator<>(p.function());
        }
        if (spec instanceof OperatorSpec.KeyedCoProcess k) {
            StreamOperator<?, ?> operator = new KeyedCoProcessOperator<>(k.keySelector2(), k.function());
            // an interval join is a keyed co-process function with its own output timestamps and drops
            return k.function() instanceof IntervalJoinFunction<?, ?, ?, ?> join
                    ? new IntervalJoinOperator(operator, join) : operator;
        }
        if (spec instanceof OperatorSpec.BroadcastProcess b) {
            return new BroadcastProcessOperator<>(b.function(), b.descriptors());
        }
        if (spec instanceof OperatorSpec.KeyedBroadcastProcess k) {
            return new KeyedBroadcastProcessOperator<>(k.function(), k.descriptors());
        }
        if (spec instanceof OperatorSpec.Async a) {
            return new AsyncWaitOperator<>(a);
        }
        if (spec instanceof OperatorSpec.SinkOp s) {
            return ChainSpecializer.newInstance(slot, SinkOperator.class, StreamOperator.class,
                    new Class<?>[] {Sink.class}, s.sink());
        }
        throw new IllegalArgumentException("no operator for " + spec.getClass().getName());
    }
}
