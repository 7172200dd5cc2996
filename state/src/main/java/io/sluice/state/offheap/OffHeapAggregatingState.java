package io.sluice.state.offheap;

import io.sluice.api.state.StateDescriptor.Kind;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingState;
import io.sluice.state.StateFunctionException;

/** An accumulator per key and namespace, kept as bytes: read, add, write back. */
final class OffHeapAggregatingState<N, IN, ACC, OUT> extends OffHeapState<N, ACC> implements AggregatingState<IN, OUT> {

    private final AggregateFunction<IN, ACC, OUT> function;

    OffHeapAggregatingState(OffHeapKeyedStateBackend backend, String name, TypeSerializer<ACC> accumulatorSerializer,
                            TypeSerializer<N> namespaceSerializer, N ns, AggregateFunction<IN, ACC, OUT> function) {
        super(backend, name, Kind.AGGREGATING, accumulatorSerializer, namespaceSerializer, ns, true);
        this.function = function;
    }

    @Override
    public OUT get() {
        long e = entry();
        if (e == 0) {
            return null;
        }
        try {
            return function.getResult(deserializeValue(e));
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new StateFunctionException(ex);
        }
    }

    @Override
    public void add(IN value) {
        long e = entry();
        try {
            ACC acc = e == 0 ? function.createAccumulator() : deserializeValue(e);
            serializeValue(function.add(value, acc));
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new StateFunctionException(ex);
        }
        storeValueOut();
    }

    @Override
    public void mergeNamespaces(N target, Iterable<N> sources) {
        N original = currentNamespace();
        try {
            ACC merged = null;
            for (N source : sources) {
                setCurrentNamespace(source);
                long e = entry();
                if (e != 0) {
                    ACC acc = deserializeValue(e);
                    clear();
                    merged = merged == null ? acc : function.merge(merged, acc);
                }
            }
            if (merged != null) {
                setCurrentNamespace(target);
                long e = entry();
                if (e != 0) {
                    merged = function.merge(deserializeValue(e), merged);
                }
                serializeValue(merged);
                storeValueOut();
            }
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new StateFunctionException(ex);
        } finally {
            setCurrentNamespace(original);
        }
    }
}
