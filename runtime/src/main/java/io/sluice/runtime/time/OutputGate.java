package io.sluice.runtime.time;

/** Tells bulk work (timer firing) to pause because the task's output is full. */
@FunctionalInterface
public interface OutputGate {
    boolean isBlocked();
}
