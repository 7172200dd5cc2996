package io.sluice.api.functions;

import io.sluice.api.internal.BroadcastCallContext;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;

/**
 * Processes a non-keyed stream connected with a broadcast stream (Flink's
 * {@code BroadcastProcessFunction}). Every subtask sees every element of the broadcast stream, in
 * {@link #processBroadcastElement}, where it may change the broadcast state; elements of the other
 * stream, in {@link #processElement}, only read it. Change broadcast state only from what the
 * broadcast elements say, so that it stays the same in every subtask.
 *
 * @param <I1> the elements of the non-broadcast stream
 * @param <I2> the elements of the broadcast stream
 */
public abstract class BroadcastProcessFunction<I1, I2, O> extends AbstractRichFunction {

    public abstract void processElement(I1 value, ReadOnlyContext ctx, Collector<O> out) throws Exception;

    public abstract void processBroadcastElement(I2 value, Context ctx, Collector<O> out) throws Exception;

    /** The context of an element of the non-broadcast stream: broadcast state is read only. */
    public class ReadOnlyContext extends ElementContext {

        private final BroadcastCallContext call;

        protected ReadOnlyContext() {
            this.call = null;
        }

        public ReadOnlyContext(BroadcastCallContext call) {
            super(call);
            this.call = call;
        }

        public <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return call.readOnlyBroadcastState(descriptor);
        }
    }

    /** The context of a broadcast element: broadcast state may be changed. */
    public class Context extends ReadOnlyContext {

        private final BroadcastCallContext call;

        protected Context() {
            this.call = null;
        }

        public Context(BroadcastCallContext call) {
            super(call);
            this.call = call;
        }

        @Override
        public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
            return call.broadcastState(descriptor);
        }
    }
}
