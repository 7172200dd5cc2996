package io.sluice.state.heap;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingState;
import io.sluice.state.snapshot.TableKind;

final class HeapAggregatingState<N, IN, ACC, OUT> extends HeapState<N, ACC> implements AggregatingState<IN, OUT> {

    private final AggregateFunction<IN, ACC, OUT> function;

    HeapAggregatingState(HeapKeyedStateBackend backend, String name, StateTable<ACC> table, N ns,
                         TypeSerializer<ACC> accumulatorSerializer, TypeSerializer<N> namespaceSerializer,
                         AggregateFunction<IN, ACC, OUT> function) {
        super(backend, name, table, ns, accumulatorSerializer, namespaceSerializer);
        this.function = function;
    }

    @Override
    TableKind kind() {
        return TableKind.AGGREGATING;
    }

    @Override
    public OUT get() {
        ACC acc = current();
        return acc == null ? null : function.getResult(acc);
    }

    @Override
    public void add(IN value) {
        ACC stored = current();
        ACC acc = stored == null ? function.createAccumulator() : stored;
        ACC next = function.add(value, acc);
        if (next != stored) { // an accumulator updated in place needs no second lookup
            setCurrent(next);
        }
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) {
        ACC merged = at(target);
        for (N source : sources) {
            if (source.equals(target)) {
                continue;
            }
            ACC acc = removeAt(source);
            if (acc != null) {
                merged = merged == null ? acc : function.merge(merged, acc);
            }
        }
        if (merged != null) {
            setAt(target, merged);
        }
    }
}
