package io.sluice.runtime.operators;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.VoidNamespace;

/**
 * Base of the operators of keyed process functions (one input, two inputs, broadcast): timers of a
 * key, not of a window, and one {@link FunctionCall} for elements and timers, which a timer call
 * stamps with the timer's time in event time and with none in processing time.
 */
public abstract class KeyedFunctionOperator<I, O> extends KeyedTimerOperator<VoidNamespace, I, O> {

    /** The call of elements (with their key current) and timers; set by {@link #openKeyedCall}. */
    protected FunctionCall<O> call;

    protected KeyedFunctionOperator(Function... functions) {
        super(functions);
    }

    @Override
    protected final TypeSerializer<VoidNamespace> timerNamespaceSerializer() {
        return null; // timers of a key, not of a window
    }

    /** Opens the keys and timers and the call; subclasses call it first in {@code open()}. */
    protected final void openKeyedCall() {
        openKeysAndTimers();
        call = new FunctionCall<>(output, timerService(VoidNamespace.INSTANCE), keys);
    }

    /** Calls the function's {@code onTimer} with its timer context, the timer's key current. */
    protected abstract void onTimer(long timestamp, Collector<O> out) throws Exception;

    @Override
    public final void onEventTime(TimerEntry<VoidNamespace> timer) throws Exception {
        onTimer(timer.timestamp(), call.timer(TimeDomain.EVENT_TIME, timer.timestamp()));
    }

    @Override
    public final void onProcessingTime(TimerEntry<VoidNamespace> timer) throws Exception {
        onTimer(timer.timestamp(), call.timer(TimeDomain.PROCESSING_TIME, Long.MIN_VALUE));
    }
}
