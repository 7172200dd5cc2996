package io.sluice.runtime.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.api.internal.CallContext;

/**
 * The call in progress of a process function (element or timer, of any input): its timestamp,
 * which also stamps what the function collects, the timer's domain, the key, and side outputs.
 * The function's contexts read it, so one instance serves every call. Task thread only.
 */
public final class FunctionCall<O> implements CallContext {

    private final Output<O> output;
    private final TimestampedCollector<O> collector;
    private final TimerService timerService;
    private final BackendKeyContext keys;
    private long timestamp = Long.MIN_VALUE;
    private TimeDomain timeDomain;

    /** @param keys the key context of a keyed function, or null */
    public FunctionCall(Output<O> output, TimerService timerService, BackendKeyContext keys) {
        this.output = output;
        this.collector = new TimestampedCollector<>(output);
        this.timerService = timerService;
        this.keys = keys;
    }

    /** Starts the call for an element with {@code timestamp} ({@code Long.MIN_VALUE} for none). */
    public TimestampedCollector<O> element(long timestamp) {
        this.timestamp = timestamp;
        this.timeDomain = null;
        collector.setTimestamp(timestamp);
        return collector;
    }

    /** Starts the call for a timer; what it emits is stamped {@code outputTimestamp}. */
    public TimestampedCollector<O> timer(TimeDomain domain, long outputTimestamp) {
        this.timestamp = outputTimestamp;
        this.timeDomain = domain;
        collector.setTimestamp(outputTimestamp);
        return collector;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }

    @Override
    public TimerService timerService() {
        return timerService;
    }

    @Override
    public Object currentKey() {
        return keys == null ? null : keys.currentKey();
    }

    @Override
    public TimeDomain timeDomain() {
        return timeDomain;
    }

    /** A side output's checked exception travels as an unchecked wrapper: the context's method cannot throw. */
    @Override
    public <X> void output(OutputTag<X> tag, X value) {
        try {
            output.collect(tag, value, timestamp);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new TimestampedCollector.DownstreamException(e);
        }
    }
}
