package io.sluice.runtime.operators.window;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.TimestampedValue;
import io.sluice.api.windowing.Window;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyedStateBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The contents of an evicting window: every element with its timestamp, in arrival order, as two
 * list states kept in step (the elements with their own serializer, so that an inferred element
 * type is recorded and adopted on restore like any other state, and their timestamps). Both lists
 * always change together (add, clear, merge, rewrite), so position i of one belongs to position i
 * of the other. Task thread only.
 */
final class EvictingWindowContents<IN, W extends Window> {

    static final String ELEMENTS = "__window-elements";
    static final String TIMESTAMPS = "__window-element-timestamps";

    /** Emits what a firing computed: the folded value (reduce, aggregate) or the remaining elements. */
    interface Emitter<W> {
        void emit(W window, Object contents) throws Exception;
    }

    private final Evictor<Object, W> evictor;
    private final ReduceFunction<IN> reduce;
    private final AggregateFunction<IN, Object, Object> aggregate;
    private final Evictor.EvictorContext evictorContext;
    private final ListState<IN> values;
    private final InternalKvState<W> valuesInternal;
    private final ListState<Long> timestamps;
    private final InternalKvState<W> timestampsInternal;
    /** Reused for every firing: the elements the evictor and the function see. */
    private final ArrayList<TimestampedValue<IN>> loaded = new ArrayList<>();

    /**
     * @param reduce    the reduce function, or null
     * @param aggregate the aggregate function, or null (both null: the window function gets the elements)
     */
    @SuppressWarnings("unchecked")
    EvictingWindowContents(KeyedStateBackend backend, TypeSerializer<IN> elementSerializer,
                           TypeSerializer<W> windowSerializer, Evictor<Object, W> evictor, ReduceFunction<IN> reduce,
                           AggregateFunction<IN, Object, Object> aggregate, LongSupplier processingTime,
                           LongSupplier watermark) {
        this.evictor = evictor;
        this.reduce = reduce;
        this.aggregate = aggregate;
        this.evictorContext = new Evictor.EvictorContext() {
            @Override
            public long getCurrentProcessingTime() {
                return processingTime.getAsLong();
            }

            @Override
            public long getCurrentWatermark() {
                return watermark.getAsLong();
            }
        };
        this.values = backend.getOrCreateState(new ListStateDescriptor<>(ELEMENTS, elementSerializer), windowSerializer);
        this.valuesInternal = (InternalKvState<W>) values;
        this.timestamps = backend.getOrCreateState(new ListStateDescriptor<>(TIMESTAMPS, Serializers.LONG),
                windowSerializer);
        this.timestampsInternal = (InternalKvState<W>) timestamps;
    }

    void setCurrentNamespace(W window) {
        valuesInternal.setCurrentNamespace(window);
        timestampsInternal.setCurrentNamespace(window);
    }

    void add(IN value, long timestamp) {
        values.add(value);
        timestamps.add(timestamp);
    }

    void clear() {
        values.clear();
        timestamps.clear();
    }

    void mergeNamespaces(W target, Collection<W> sources) throws Exception {
        valuesInternal.mergeNamespaces(target, sources);
        timestampsInternal.mergeNamespaces(target, sources);
    }

    /**
     * Fires the current window: the evictor sees every element before and after the function,
     * which gets what remains (folded first for reduce and aggregate); what remains after both is
     * the window's contents from then on. A firing whose elements were all evicted emits nothing.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void fire(W window, Emitter<W> emitter) throws Exception {
        List<TimestampedValue<IN>> elements = load();
        int loadedSize = elements.size();
        if (loadedSize == 0) {
            return;
        }
        Iterable<TimestampedValue<Object>> asSeen = (Iterable) elements;
        evictor.evictBefore(asSeen, loadedSize, window, evictorContext);
        if (!elements.isEmpty()) {
            List<Object> remaining = new ArrayList<>(elements.size());
            for (int i = 0; i < elements.size(); i++) {
                remaining.add(elements.get(i).getValue());
            }
            emitter.emit(window, reduce != null || aggregate != null ? fold(remaining) : remaining);
        }
        evictor.evictAfter(asSeen, elements.size(), window, evictorContext);
        store(elements, loadedSize);
    }

    /** The reduce or aggregate result of {@code values} (not empty), computed at once. */
    @SuppressWarnings("unchecked")
    private Object fold(List<Object> values) throws Exception {
        if (reduce != null) {
            IN acc = (IN) values.get(0);
            for (int i = 1; i < values.size(); i++) {
                acc = reduce.reduce(acc, (IN) values.get(i));
            }
            return acc;
        }
        Object acc = aggregate.createAccumulator();
        for (int i = 0; i < values.size(); i++) {
            acc = aggregate.add((IN) values.get(i), acc);
        }
        return aggregate.getResult(acc);
    }

    /** The current window's elements, in arrival order; a list reused by the next call. */
    private List<TimestampedValue<IN>> load() {
        loaded.clear();
        Iterator<Long> ts = timestamps.get().iterator();
        for (IN v : values.get()) {
            if (!ts.hasNext()) {
                throw new IllegalStateException("evicting window holds more elements than timestamps");
            }
            loaded.add(new TimestampedValue<>(v, ts.next()));
        }
        if (ts.hasNext()) {
            throw new IllegalStateException("evicting window holds more timestamps than elements");
        }
        return loaded;
    }

    /**
     * Keeps {@code elements} (what the evictor left of {@code loadedSize} loaded elements) as the
     * window's contents; nothing is written when nothing was evicted.
     */
    private void store(List<TimestampedValue<IN>> elements, int loadedSize) {
        if (elements.size() == loadedSize) {
            return; // an evictor only removes: the same size means the same elements
        }
        if (elements.isEmpty()) {
            clear();
            return;
        }
        List<IN> keptValues = new ArrayList<>(elements.size());
        List<Long> keptTimestamps = new ArrayList<>(elements.size());
        for (TimestampedValue<IN> e : elements) {
            keptValues.add(e.getValue());
            keptTimestamps.add(e.getTimestamp());
        }
        values.update(keptValues);
        timestamps.update(keptTimestamps);
    }
}
