package io.sluice.runtime.task;

/**
 * How many timers a task may still fire in its current turn: {@code batchSize} per turn, shared by
 * every operator of the chain and by event-time, processing-time and end-of-input firing. A timer
 * is one call into user code, like an input element, so a turn fires at most as many timers as it
 * reads elements; a watermark that releases a million timers then takes many turns, between which
 * other tasks run. Task thread only.
 */
final class TimerBudget {

    private final int perTurn;
    private int left;

    TimerBudget(int perTurn) {
        if (perTurn < 1) {
            throw new IllegalArgumentException("a turn must be allowed at least one timer, got " + perTurn);
        }
        this.perTurn = perTurn;
        this.left = perTurn;
    }

    /** A new turn starts with the whole budget. */
    void newTurn() {
        left = perTurn;
    }

    /** Takes one timer from the budget; false when it is spent. */
    boolean take() {
        if (left == 0) {
            return false;
        }
        left--;
        return true;
    }
}
