package io.sluice.api.internal;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;

/**
 * What the runtime tells a process function's context about the call in progress. One instance
 * per operator, updated before each call, so the contexts handed to user code allocate nothing.
 */
public interface CallContext {

    /** The element's (or timer's) timestamp, or {@code Long.MIN_VALUE} for none. */
    long timestamp();

    TimerService timerService();

    /** The current key of a keyed function; {@code null} otherwise. */
    Object currentKey();

    /** The time domain of the timer being fired; {@code null} outside a timer call. */
    TimeDomain timeDomain();

    <X> void output(OutputTag<X> tag, X value);
}
