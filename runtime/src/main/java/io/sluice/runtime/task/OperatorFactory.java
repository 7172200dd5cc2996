package io.sluice.runtime.task;

import io.sluice.api.graph.OperatorSpec;
import io.sluice.runtime.operators.FilterOperator;
import io.sluice.runtime.operators.FlatMapOperator;
import io.sluice.runtime.operators.KeyedProcessOperator;
import io.sluice.runtime.operators.MapOperator;
import io.sluice.runtime.operators.ProcessOperator;
import io.sluice.runtime.operators.SinkOperator;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.operators.TimestampsAndWatermarksOperator;
import io.sluice.runtime.operators.window.WindowOperator;

/** Makes the operator for each kind of {@link OperatorSpec}; the spec is already this subtask's copy. */
public final class OperatorFactory {

    private OperatorFactory() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static StreamOperator<?, ?> create(OperatorSpec spec) {
        if (spec instanceof OperatorSpec.Map m) {
            return new MapOperator<>(m.function());
        }
        if (spec instanceof OperatorSpec.Filter f) {
            return new FilterOperator<>(f.function());
        }
        if (spec instanceof OperatorSpec.FlatMap f) {
            return new FlatMapOperator<>(f.function());
        }
        if (spec instanceof OperatorSpec.Process p) {
            return new ProcessOperator<>(p.function());
        }
        if (spec instanceof OperatorSpec.KeyedProcess k) {
            return new KeyedProcessOperator<>(k.function());
        }
        if (spec instanceof OperatorSpec.KeyedWindow w) {
            return new WindowOperator<>(w);
        }
        if (spec instanceof OperatorSpec.Watermarks w) {
            return new TimestampsAndWatermarksOperator<>(w.strategy());
        }
        if (spec instanceof OperatorSpec.SinkOp s) {
            return new SinkOperator<>(s.sink());
        }
        throw new IllegalArgumentException("no operator for " + spec.getClass().getName());
    }
}
