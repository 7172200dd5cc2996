package io.sluice.runtime.operators.window;

import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.windowing.TimestampedValue;
import io.sluice.api.windowing.Window;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyedStateBackend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

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

    private final ListState<IN> values;
    private final InternalKvState<W> valuesInternal;
    private final ListState<Long> timestamps;
    private final InternalKvState<W> timestampsInternal;
    /** Reused for every firing: the elements the evictor and the function see. */
    private final ArrayList<TimestampedValue<IN>> loaded = new ArrayList<>();

    @SuppressWarnings("unchecked")
    EvictingWindowContents(KeyedStateBackend backend, TypeSerializer<IN> elementSerializer,
                           TypeSerializer<W> windowSerializer) {
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

    /** The current window's elements, in arrival order; a list reused by the next call. */
    List<TimestampedValue<IN>> load() {
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
    void store(List<TimestampedValue<IN>> elements, int loadedSize) {
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
