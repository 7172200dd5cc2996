package io.sluice.api.functions;

import io.sluice.api.OutputTag;
import io.sluice.api.internal.CallContext;

/**
 * What every process function's context offers during one call: the element's timestamp, time and
 * timers, and side outputs. The runtime builds each context over a {@link CallContext}; a test
 * harness may instead subclass a context and override its methods.
 */
public abstract class ElementContext {

    private final CallContext call;

    /** For a subclass that overrides every method it uses (a test harness, say). */
    protected ElementContext() {
        this.call = null;
    }

    protected ElementContext(CallContext call) {
        this.call = call;
    }

    /** The element's timestamp, or {@code null} when it has none. */
    public Long timestamp() {
        long t = call.timestamp();
        return t == Long.MIN_VALUE ? null : t;
    }

    public TimerService timerService() {
        return call.timerService();
    }

    /** The task's processing time, as {@code timerService().currentProcessingTime()}. */
    public long currentProcessingTime() {
        return timerService().currentProcessingTime();
    }

    /** The operator's current watermark, as {@code timerService().currentWatermark()}. */
    public long currentWatermark() {
        return timerService().currentWatermark();
    }

    /** Emits to the side output named by {@code tag}. */
    public <X> void output(OutputTag<X> tag, X value) {
        call.output(tag, value);
    }

    /** The key of the element (or timer) being processed, for keyed functions' {@code getCurrentKey()}. */
    @SuppressWarnings("unchecked")
    protected final <K> K currentKey() {
        return (K) call.currentKey();
    }

    /** The domain of the timer being fired, for timer contexts' {@code timeDomain()}. */
    protected final TimeDomain currentTimeDomain() {
        return call.timeDomain();
    }
}
