package io.sluice.runtime.time;

/**
 * Tells bulk work (timer firing) to pause: the task's output is full, or the turn's budget of
 * timers is spent. Either way the work goes on at a later call. Task thread only.
 */
@FunctionalInterface
public interface OutputGate {

    /** True while the output is full. */
    boolean isBlocked();

    /**
     * Asks to fire one timer now and counts it against the turn's budget: false when the output is
     * full or the budget is spent, and firing must pause. Without a budget (a test harness), only
     * the output counts.
     */
    default boolean tryFireTimer() {
        return !isBlocked();
    }
}
