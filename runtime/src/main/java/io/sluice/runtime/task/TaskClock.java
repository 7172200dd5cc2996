package io.sluice.runtime.task;

import io.sluice.runtime.operators.OperatorContext;

/** The wall clock of a task, read once per turn so the hot loop does not read it per element. */
final class TaskClock implements OperatorContext.ProcessingClock {

    private long nowMs = System.currentTimeMillis();

    long update() {
        nowMs = System.currentTimeMillis();
        return nowMs;
    }

    @Override
    public long nowMs() {
        return nowMs;
    }
}
