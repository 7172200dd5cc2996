package io.sluice.api.functions;

import io.sluice.api.internal.BroadcastCallContext;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;

/**
 * Processes a keyed stream connected with a broadcast stream (Flink's
 * {@code KeyedBroadcastProcessFunction}): elements of the keyed stream, in {@link #processElement},
 * have keyed state and timers and read the broadcast state; every subtask sees every broadcast
 * element, in {@link #processBroadcastElement}, where it may change the broadcast state and go
 * through the keyed state of all its keys ({@link Context#applyToKeyedState}). Change broadcast
 * state only from what the broadcast elements say, so that it stays the same in every subtask.
 *
 * @param <K>  the key of the keyed stream
 * @param <I1> the elements of the keyed stream
 * @param <I2> the elements of the broadcast stream
 */
public abstract class KeyedBroadcastProcessFunction<K, I1, I2, O> extends AbstractRichFunction {

    public abstract void processElement(I1 value, ReadOnlyContext ctx, Collector<O> out) throws Exception;

    public abstract void processBroadcastElement(I2 value, Context ctx, Collector<O> out) throws Exception;

    /** Called when a timer registered through {@link ReadOnlyContext#timerService()} fires. */
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<O> out) throws Exception {
    }

    /** The context of an element of the keyed stream: its key, timers, read-only broadcast state. */
    public class ReadOnlyContext extends ElementContext {

        private final BroadcastCallContext call;

        protected ReadOnlyContext() {
            this.call = null;
        }

        public ReadOnlyContext(BroadcastCallContext call) {
            super(call);
            this.call = call;
        }

        public <KS, V> ReadOnlyBroadcastState<KS, V> getBroadcastState(MapStateDescriptor<KS, V> descriptor) {
            return call.readOnlyBroadcastState(descriptor);
        }

        /** The key of the element (or of the timer) being processed. */
        public K getCurrentKey() {
            return currentKey();
        }
    }

    /**
     * The context of a broadcast element: no key is current (timers cannot be set here), broadcast
     * state may be changed, and {@link #applyToKeyedState} reaches every key's state.
     */
    public class Context extends ElementContext {

        private final BroadcastCallContext call;

        protected Context() {
            this.call = null;
        }

        public Context(BroadcastCallContext call) {
            super(call);
            this.call = call;
        }

        public <KS, V> BroadcastState<KS, V> getBroadcastState(MapStateDescriptor<KS, V> descriptor) {
            return call.broadcastState(descriptor);
        }

        /**
         * Applies {@code function} to keyed state {@code descriptor} of every key this subtask holds
         * it for (each subtask its own keys); the state handle given is scoped to that key.
         */
        public <S extends State> void applyToKeyedState(StateDescriptor<S, ?> descriptor,
                                                        KeyedStateFunction<K, S> function) throws Exception {
            call.applyToKeyedState(descriptor, function);
        }
    }

    /** The context of a timer call. */
    public class OnTimerContext extends ReadOnlyContext {

        protected OnTimerContext() {
        }

        public OnTimerContext(BroadcastCallContext call) {
            super(call);
        }

        public TimeDomain timeDomain() {
            return currentTimeDomain();
        }
    }
}
