package io.sluice.runtime.time;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;

import io.sluice.state.KeyedTimerQueue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The timers of one keyed operator in one subtask: event-time timers in the keyed state backend's
 * timer queue (off-heap by default, snapshotted by key group with the state), processing-time
 * timers in a timer wheel polled from the task's own loop. One timer
 * per (key, namespace, time). Firing is resumable: it stops as soon as the output is full and goes
 * on at the next call, so a watermark that releases millions of timers never blocks the worker.
 * Task thread only.
 */
public final class InternalTimerService<N> {

    private static final int WHEEL_TICKS = 1024;

    private final KeyContext keyContext;
    private final Triggerable<N> target;

    private final KeyedTimerQueue<N> eventTimers;

    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<TimerEntry<N>> processingTimersById = new Long2ObjectHashMap<>();
    private final Map<TimerEntry<N>, Long> processingTimerIds = new HashMap<>();

    private long currentWatermark = Long.MIN_VALUE;
    /** The task's clock as last seen; where an empty wheel restarts. */
    private long lastNowMs;
    private Exception handlerFailure;
    private java.util.List<TimerEntry<N>> endTimers;
    private int endIndex;
    private OutputGate handlerGate;
    private boolean handlerPaused;
    /**
     * The wheel stood on the tick of this time with nothing due (so the task loop need not poll it
     * again at the same time); reset when a timer is registered, as it may be due already.
     */
    private long quietAtMs = Long.MIN_VALUE;

    /**
     * @param eventTimers where event-time timers are kept: the queue of the backend that
     *                    {@code keyContext} sets keys on (polling a timer makes its key current)
     */
    public InternalTimerService(KeyContext keyContext, Triggerable<N> target, long nowMs,
                                KeyedTimerQueue<N> eventTimers) {
        this.keyContext = keyContext;
        this.eventTimers = eventTimers;
        this.target = target;
        this.wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, nowMs, 1, WHEEL_TICKS);
        this.lastNowMs = nowMs;
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
        TimerEntry<N> t = new TimerEntry<>(time, keyContext.currentKey(), keyContext.currentKeyGroup(), namespace);
        if (processingTimerIds.containsKey(t)) {
            return;
        }
        if (wheel.timerCount() == 0) {
            // An empty wheel does not tick; restart it at the task's clock so it need not catch up.
            wheel.resetStartTime(lastNowMs);
        }
        long id = wheel.scheduleTimer(time);
        processingTimersById.put(id, t);
        processingTimerIds.put(t, id);
        quietAtMs = Long.MIN_VALUE;
    }

    public void deleteProcessingTimeTimer(N namespace, long time) {
        TimerEntry<N> t = new TimerEntry<>(time, keyContext.currentKey(), keyContext.currentKeyGroup(), namespace);
        Long id = processingTimerIds.remove(t);
        if (id != null) {
            wheel.cancelTimer(id);
            processingTimersById.remove(id);
        }
    }

    public int numEventTimeTimers() {
        return eventTimers.size();
    }

    public int numProcessingTimeTimers() {
        return processingTimerIds.size();
    }

    /**
     * Fires every event-time timer at or below {@code watermark}, in timestamp order, until the
     * gate reports a full output.
     *
     * @return true when all due timers fired; false when it paused (call again with the same watermark)
     */
    public boolean advanceWatermark(long watermark, OutputGate gate) throws Exception {
        if (watermark > currentWatermark) {
            currentWatermark = watermark;
        }
        while (!eventTimers.isEmpty() && eventTimers.peekTimestamp() <= watermark) {
            if (gate.isBlocked()) {
                return false;
            }
            long time = eventTimers.peekTimestamp();
            N namespace = eventTimers.poll(); // makes the timer's key current
            target.onEventTime(new TimerEntry<>(time, keyContext.currentKey(), keyContext.currentKeyGroup(), namespace));
        }
        return true;
    }

    /** True when a processing-time timer may be due at {@code nowMs}: a cheap check for the task loop. */
    public boolean hasDueProcessingTimers(long nowMs) {
        if (wheel.timerCount() == 0) {
            lastNowMs = nowMs;
            return false;
        }
        long tickEnd = wheel.currentTickTime();
        // Due when a whole tick has passed, or when the wheel stands on the tick of now (a timer at
        // exactly now lives there) and has not been found quiet at this time yet.
        return tickEnd <= nowMs || (tickEnd - 1 == nowMs && nowMs != quietAtMs);
    }

    /**
     * Fires the processing-time timers due at {@code nowMs} until the gate reports a full output.
     *
     * @return true when all due timers fired
     */
    public boolean advanceProcessingTime(long nowMs, OutputGate gate) throws Exception {
        handlerGate = gate;
        // The wheel moves one tick per poll and expires the due timers of the tick it stands on; a
        // timer at exactly now lives on the tick of now (ticks are 1 ms, currentTickTime() is the
        // tick's end). So: poll until the wheel stands on the tick of now, then there until a poll
        // expires nothing (a timer may register another that is due already).
        while (wheel.timerCount() > 0 && wheel.currentTickTime() - 1 <= nowMs) {
            if (gate.isBlocked()) {
                return false;
            }
            long tickEnd = wheel.currentTickTime();
            handlerPaused = false;
            int expired = wheel.poll(nowMs, this::onWheelExpiry, Integer.MAX_VALUE);
            if (handlerFailure != null) {
                Exception e = handlerFailure;
                handlerFailure = null;
                throw e;
            }
            if (expired == 0 && !handlerPaused && wheel.currentTickTime() == tickEnd) {
                quietAtMs = nowMs; // on the tick of now, nothing more is due
                break;
            }
        }
        return true;
    }

    private boolean onWheelExpiry(TimeUnit unit, long now, long timerId) {
        if (handlerFailure != null) {
            return false;
        }
        if (handlerGate.isBlocked()) {
            handlerPaused = true;
            return false; // leave the timer in the wheel; it fires at the next call
        }
        TimerEntry<N> t = processingTimersById.remove(timerId);
        if (t == null) {
            return true;
        }
        processingTimerIds.remove(t);
        keyContext.setCurrentKey(t.key(), t.keyGroup());
        try {
            target.onProcessingTime(t);
        } catch (Exception e) {
            handlerFailure = e;
        }
        return true;
    }

    /**
     * Fires, in time order and regardless of the clock, the processing-time timers that exist when
     * the input ends, so that processing-time windows fire too. Timers registered while these fire
     * are dropped: a function that re-arms a periodic timer must not keep a finished job alive.
     *
     * @return true when done; false when paused by a full output (call again)
     */
    public boolean fireProcessingTimersAtEnd(OutputGate gate) throws Exception {
        if (endTimers == null) {
            endTimers = new java.util.ArrayList<>(processingTimerIds.keySet());
            endTimers.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
            endIndex = 0;
        }
        while (endIndex < endTimers.size()) {
            if (gate.isBlocked()) {
                return false;
            }
            TimerEntry<N> t = endTimers.get(endIndex++);
            Long id = processingTimerIds.remove(t);
            if (id == null) {
                continue; // deleted meanwhile
            }
            wheel.cancelTimer(id);
            processingTimersById.remove(id);
            keyContext.setCurrentKey(t.key(), t.keyGroup());
            target.onProcessingTime(t);
        }
        for (long id : processingTimerIds.values()) {
            wheel.cancelTimer(id);
        }
        processingTimerIds.clear();
        processingTimersById.clear();
        return true;
    }
}
