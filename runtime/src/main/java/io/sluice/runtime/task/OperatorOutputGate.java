package io.sluice.runtime.task;

import io.sluice.runtime.channel.BackPressure;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.time.OutputGate;

/**
 * Tells the bulk work of the operator at one position of a chain to pause: the task's output is
 * full, the tail cannot take more, or an operator after it in the chain cannot (an async operator
 * whose request slots are all busy); timer firing also pauses once the turn's {@link TimerBudget}
 * is spent. Task thread only.
 */
final class OperatorOutputGate implements OutputGate {

    private final BackPressure backPressure;
    private final StreamOperator<?, ?>[] operators;
    private final int position;
    private final TimerBudget timers;

    OperatorOutputGate(BackPressure backPressure, StreamOperator<?, ?>[] operators, int position, TimerBudget timers) {
        this.backPressure = backPressure;
        this.operators = operators;
        this.position = position;
        this.timers = timers;
    }

    @Override
    public boolean isBlocked() {
        return backPressure.isBlocked() || operators[operators.length - 1].isBlocked() || blockedAfter();
    }

    /** The output is asked first: a timer is counted only when it fires. */
    @Override
    public boolean tryFireTimer() {
        return !isBlocked() && timers.take();
    }

    private boolean blockedAfter() {
        for (int i = position + 1; i < operators.length - 1; i++) {
            if (operators[i].isBlocked()) {
                return true;
            }
        }
        return false;
    }
}
