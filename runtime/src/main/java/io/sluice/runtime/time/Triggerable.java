package io.sluice.runtime.time;

/** What an operator does when one of its timers fires; the timer's key is current during the call. */
public interface Triggerable<N> {
    void onEventTime(TimerEntry<N> timer) throws Exception;

    void onProcessingTime(TimerEntry<N> timer) throws Exception;
}
