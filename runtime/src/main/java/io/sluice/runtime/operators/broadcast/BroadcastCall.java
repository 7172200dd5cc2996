package io.sluice.runtime.operators.broadcast;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeyedStateFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.api.internal.BroadcastCallContext;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.runtime.operators.BackendKeyContext;
import io.sluice.runtime.operators.FunctionCall;

/**
 * A call of a broadcast process function: what every call has (from its {@link FunctionCall}) and
 * the broadcast states; on the broadcast side of a keyed function, the keyed state of every key.
 */
final class BroadcastCall implements BroadcastCallContext {

    private final FunctionCall<?> call;
    private final BroadcastStates states;
    private final String operator;
    /** The key context of a keyed operator, for {@code applyToKeyedState}; null otherwise. */
    private final BackendKeyContext keys;

    BroadcastCall(FunctionCall<?> call, BroadcastStates states, String operator, BackendKeyContext keys) {
        this.call = call;
        this.states = states;
        this.operator = operator;
        this.keys = keys;
    }

    @Override
    public long timestamp() {
        return call.timestamp();
    }

    @Override
    public TimerService timerService() {
        return call.timerService();
    }

    @Override
    public Object currentKey() {
        return call.currentKey();
    }

    @Override
    public TimeDomain timeDomain() {
        return call.timeDomain();
    }

    @Override
    public <X> void output(OutputTag<X> tag, X value) {
        call.output(tag, value);
    }

    @Override
    public <K, V> BroadcastState<K, V> broadcastState(MapStateDescriptor<K, V> descriptor) {
        return states.writable(descriptor);
    }

    @Override
    public <K, V> ReadOnlyBroadcastState<K, V> readOnlyBroadcastState(MapStateDescriptor<K, V> descriptor) {
        return states.readOnly(descriptor);
    }

    /** Goes through the keys that have the state now; the function may change or clear each key's state. */
    @Override
    @SuppressWarnings("unchecked")
    public <K, S extends State> void applyToKeyedState(StateDescriptor<S, ?> descriptor,
                                                       KeyedStateFunction<K, S> function) throws Exception {
        if (keys == null) {
            throw new UnsupportedOperationException("operator " + operator + " is not keyed: applyToKeyedState needs"
                    + " a keyed stream and a KeyedBroadcastProcessFunction");
        }
        S state = keys.backend().getOrCreateState(descriptor, null);
        for (Object key : keys.backend().keys(descriptor.name())) {
            keys.setCurrentKey(key);
            function.process((K) key, state);
        }
    }
}
