package io.sluice.api.internal;

import io.sluice.api.functions.KeyedStateFunction;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;

/** What the runtime tells a broadcast process function's contexts, besides what every call has. */
public interface BroadcastCallContext extends CallContext {

    /** One of the states the broadcast stream was declared with, writable (the broadcast side). */
    <K, V> BroadcastState<K, V> broadcastState(MapStateDescriptor<K, V> descriptor);

    /** One of the states the broadcast stream was declared with, read only (the element side). */
    <K, V> ReadOnlyBroadcastState<K, V> readOnlyBroadcastState(MapStateDescriptor<K, V> descriptor);

    /** Applies {@code function} to the state {@code descriptor} of every key of the subtask that has it. */
    <K, S extends State> void applyToKeyedState(StateDescriptor<S, ?> descriptor, KeyedStateFunction<K, S> function)
            throws Exception;
}
