package io.sluice.runtime.time;

import io.sluice.state.KeyedTimerQueue;

/**
 * The timers of one keyed operator in one subtask, both kinds in timer queues of the keyed state
 * backend (off-heap by default, snapshotted and restored by key group with the state): event-time
 * timers fire as the watermark passes them, processing-time timers when the task's clock does,
 * checked once per task turn. One timer per (key, namespace, time). Firing is resumable and
 * bounded: it pauses as soon as the output is full or the task's turn has fired its budget of
 * timers ({@link OutputGate#tryFireTimer}), and goes on at the next call, so a watermark that
 * releases millions of timers takes many short turns and never blocks the worker. One
 * {@link TimerEntry} is refilled for every timer: firing allocates nothing per timer.
 * Task thread only.
 */
public final class InternalTimerService<N> {

    private final KeyContext keyContext;
    private final Triggerable<N> target;
    private final KeyedTimerQueue<N> eventTimers;
    private final KeyedTimerQueue<N> processingTimers;
    /** The timer being fired, refilled for each one. */
    private final TimerEntry<N> firing = new TimerEntry<>();

    private long currentWatermark = Long.MIN_VALUE;
    /** The input has ended and the remaining processing-time timers are firing: no new ones are taken. */
    private boolean ending;

    /**
     * @param eventTimers      where event-time timers are kept: a queue of the backend that
     *                         {@code keyContext} sets keys on (polling a timer makes its key current)
     * @param processingTimers where processing-time timers are kept, likewise
     */
    public InternalTimerService(KeyContext keyContext, Triggerable<N> target, KeyedTimerQueue<N> eventTimers,
                                KeyedTimerQueue<N> processingTimers) {
        this.keyContext = keyContext;
        this.target = target;
        this.eventTimers = eventTimers;
        this.processingTimers = processingTimers;
    }

    public long currentWatermark() {
        return currentWatermark;
    }

    public void registerEventTimeTimer(N namespace, long time) {
        if (currentWatermark == Long.MAX_VALUE) {
            return; // the input has ended: no event time will pass any more, and re-arming must not loop
        }
        eventTimers.add(time, namespace);
    }

    public void deleteEventTimeTimer(N namespace, long time) {
        eventTimers.remove(time, namespace);
    }

    public void registerProcessingTimeTimer(N namespace, long time) {
        if (!ending) {
            processingTimers.add(time, namespace);
        }
    }

    public void deleteProcessingTimeTimer(N namespace, long time) {
        processingTimers.remove(time, namespace);
    }

    public int numEventTimeTimers() {
        return eventTimers.size();
    }

    public int numProcessingTimeTimers() {
        return processingTimers.size();
    }

    /**
     * Fires every event-time timer at or below {@code watermark}, in timestamp order, until the
     * gate says pause (full output, or the turn's budget spent). A timer registered meanwhile at or
     * below {@code watermark} fires in the same (resumed) firing.
     *
     * @return true when all due timers fired; false when it paused (call again with the same watermark)
     */
    public boolean advanceWatermark(long watermark, OutputGate gate) throws Exception {
        if (watermark > currentWatermark) {
            currentWatermark = watermark;
        }
        return fire(eventTimers, watermark, gate, true);
    }

    /** True when a processing-time timer is due at {@code nowMs}: a cheap check for the task loop. */
    public boolean hasDueProcessingTimers(long nowMs) {
        return !processingTimers.isEmpty() && processingTimers.peekTimestamp() <= nowMs;
    }

    /**
     * Fires the processing-time timers due at {@code nowMs}, in time order, until the gate says
     * pause. A timer registered meanwhile that is due already fires in the same (resumed) firing.
     *
     * @return true when all due timers fired
     */
    public boolean advanceProcessingTime(long nowMs, OutputGate gate) throws Exception {
        return fire(processingTimers, nowMs, gate, false);
    }

    private boolean fire(KeyedTimerQueue<N> queue, long upTo, OutputGate gate, boolean eventTime) throws Exception {
        TimerEntry<N> timer = firing;
        try {
            while (!queue.isEmpty() && queue.peekTimestamp() <= upTo) {
                if (!gate.tryFireTimer()) {
                    return false;
                }
                long time = queue.peekTimestamp();
                N namespace = queue.poll(); // makes the timer's key current
                timer.set(time, keyContext.currentKey(), keyContext.currentKeyGroup(), namespace);
                if (eventTime) {
                    target.onEventTime(timer);
                } else {
                    target.onProcessingTime(timer);
                }
            }
            return true;
        } finally {
            timer.clear();
        }
    }

    /**
     * Fires, in time order and regardless of the clock, the processing-time timers that exist when
     * the input ends, so that processing-time windows fire too. Timers registered while these fire
     * are dropped: a function that re-arms a periodic timer must not keep a finished job alive.
     *
     * @return true when done; false when paused by a full output or a spent budget (call again)
     */
    public boolean fireProcessingTimersAtEnd(OutputGate gate) throws Exception {
        ending = true;
        return fire(processingTimers, Long.MAX_VALUE, gate, false);
    }
}
