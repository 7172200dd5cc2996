package io.sluice.runtime.operators.window;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.KeyedStateStore;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.api.windowing.Window;
import io.sluice.state.InternalKvState;
import io.sluice.state.KeyedStateBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The state a window function reaches through {@code windowState()} (the current key and window:
 * the window is the state's namespace) and {@code globalState()} (the current key: no namespace,
 * the same state as the runtime context's). Both live in the operator's keyed backend, so they
 * are checkpointed, restored and rescaled with it. A name belongs to one scope only. Per-window
 * state of every descriptor used so far is cleared when a window is cleaned up. Task thread only.
 */
final class WindowStateStores<W extends Window> {

    private final KeyedStateBackend backend;
    private final TypeSerializer<W> windowSerializer;
    private final String operator;
    /** Non-null when windows merge: per-window state is refused then. */
    private final String mergingAssigner;
    private final Map<String, InternalKvState<W>> perWindow = new HashMap<>();
    private final List<InternalKvState<W>> perWindowHandles = new ArrayList<>();
    private final Map<String, Boolean> global = new HashMap<>();
    private W window;

    private final KeyedStateStore windowStore = new Store() {
        @Override
        <S extends State> S state(StateDescriptor<S, ?> descriptor) {
            return perWindow(descriptor);
        }
    };

    private final KeyedStateStore globalStore = new Store() {
        @Override
        <S extends State> S state(StateDescriptor<S, ?> descriptor) {
            return global(descriptor);
        }
    };

    WindowStateStores(KeyedStateBackend backend, TypeSerializer<W> windowSerializer, String operator,
                      String mergingAssigner) {
        this.backend = backend;
        this.windowSerializer = windowSerializer;
        this.operator = operator;
        this.mergingAssigner = mergingAssigner;
    }

    /** The per-window store, scoped to {@code window} (of the backend's current key). */
    KeyedStateStore windowState(W window) {
        this.window = window;
        return windowStore;
    }

    KeyedStateStore globalState() {
        return globalStore;
    }

    /** Clears the per-window state of {@code window} (of the current key), of every descriptor used so far. */
    void clearWindow(W window) {
        for (int i = 0; i < perWindowHandles.size(); i++) {
            InternalKvState<W> h = perWindowHandles.get(i);
            h.setCurrentNamespace(window);
            h.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private <S extends State> S perWindow(StateDescriptor<S, ?> descriptor) {
        if (mergingAssigner != null) {
            throw new UnsupportedOperationException("windowState() of operator " + operator + " is not available"
                    + " with merging windows (" + mergingAssigner + "): a merged window's state cannot be merged;"
                    + " use globalState() or the window's contents");
        }
        String name = descriptor.name();
        InternalKvState<W> handle = perWindow.get(name);
        if (handle == null) {
            checkName(name, global.containsKey(name), "globalState()", "windowState()");
            handle = (InternalKvState<W>) backend.getOrCreateState(descriptor, windowSerializer);
            perWindow.put(name, handle);
            perWindowHandles.add(handle);
        }
        handle.setCurrentNamespace(window);
        return (S) handle;
    }

    private <S extends State> S global(StateDescriptor<S, ?> descriptor) {
        String name = descriptor.name();
        if (!global.containsKey(name)) {
            checkName(name, perWindow.containsKey(name), "windowState()", "globalState()");
            global.put(name, Boolean.TRUE);
        }
        return backend.getOrCreateState(descriptor, null);
    }

    private void checkName(String name, boolean takenByOther, String other, String here) {
        if (name.startsWith("__")) {
            throw new IllegalArgumentException("state name '" + name + "' of operator " + operator
                    + " starts with '__', which the window operator keeps for itself; choose another name");
        }
        if (takenByOther) {
            throw new IllegalArgumentException("state '" + name + "' of operator " + operator + " is used through "
                    + other + " already, so it cannot be used through " + here + "; give each a name of its own");
        }
    }

    /** Turns the typed getters into one generic lookup. */
    private abstract static class Store implements KeyedStateStore {

        abstract <S extends State> S state(StateDescriptor<S, ?> descriptor);

        @Override
        public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
            return state(descriptor);
        }

        @Override
        public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
            return state(descriptor);
        }

        @Override
        public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
            return state(descriptor);
        }

        @Override
        public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
            return state(descriptor);
        }

        @Override
        public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
                AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
            return state(descriptor);
        }

        @Override
        public io.sluice.api.state.LongValueState getLongState(io.sluice.api.state.LongValueStateDescriptor descriptor) {
            return state(descriptor);
        }
    }
}
