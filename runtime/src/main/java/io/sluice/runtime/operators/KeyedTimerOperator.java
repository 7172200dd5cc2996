package io.sluice.runtime.operators;

import io.sluice.api.functions.Function;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.time.InternalTimerService;
import io.sluice.runtime.time.Triggerable;

/**
 * Base of the keyed operators with timers (keyed process functions, windows): owns the key
 * context and the timer service, and drives them from the task's watermarks, clock and end of
 * input, resumably. Task thread only.
 *
 * @param <N> the timers' namespace: the window, or {@code VoidNamespace}
 */
public abstract class KeyedTimerOperator<N, I, O> extends UserFunctionOperator<I, O> implements Triggerable<N> {

    protected BackendKeyContext keys;
    protected InternalTimerService<N> timers;

    protected KeyedTimerOperator(Function... functions) {
        super(functions);
    }

    /** Creates the key context and timers; subclasses call it first in {@code open()}. */
    protected final void openKeysAndTimers() {
        keys = new BackendKeyContext(context);
        timers = new InternalTimerService<>(keys, this,
                context.keyedStateBackend().timerQueue(EVENT_TIMERS, timerNamespaceSerializer()),
                context.keyedStateBackend().timerQueue(PROCESSING_TIMERS, timerNamespaceSerializer()));
    }

    /** The event-time timers pending now, over all keys; 0 before {@code open()}. */
    public final int numEventTimeTimers() {
        return timers == null ? 0 : timers.numEventTimeTimers();
    }

    /** The names the timers are stored under in the keyed state backend (and its snapshots). */
    public static final String EVENT_TIMERS = "__event-timers";
    public static final String PROCESSING_TIMERS = "__processing-timers";

    /** Serializes the timers' namespace; null for timers scoped to a key only. */
    protected abstract TypeSerializer<N> timerNamespaceSerializer();

    @Override
    public int processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        return timers.advanceWatermark(watermark, context.outputGate()) ? FORWARD : PAUSED;
    }

    @Override
    public boolean hasDueProcessingTimers(long nowMs) {
        return timers.hasDueProcessingTimers(nowMs);
    }

    @Override
    public boolean onProcessingTime(long nowMs) throws Exception {
        return timers.advanceProcessingTime(nowMs, context.outputGate());
    }

    /** End of input: the processing-time timers that exist now fire once, whatever the clock says. */
    @Override
    public boolean finish() throws Exception {
        return timers.fireProcessingTimersAtEnd(context.outputGate());
    }

    /** The timer service of a keyed function whose timers all go in {@code namespace} of the current key. */
    protected final io.sluice.api.functions.TimerService timerService(N namespace) {
        return new io.sluice.api.functions.TimerService() {
            @Override
            public long currentProcessingTime() {
                return context.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return currentWatermark;
            }

            @Override
            public void registerEventTimeTimer(long time) {
                timers.registerEventTimeTimer(namespace, time);
            }

            @Override
            public void registerProcessingTimeTimer(long time) {
                timers.registerProcessingTimeTimer(namespace, time);
            }

            @Override
            public void deleteEventTimeTimer(long time) {
                timers.deleteEventTimeTimer(namespace, time);
            }

            @Override
            public void deleteProcessingTimeTimer(long time) {
                timers.deleteProcessingTimeTimer(namespace, time);
            }
        };
    }
}
