package io.sluice.runtime.executor;

import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.BooleanSupplier;

/**
 * How a worker thread waits after a round of its tasks: with the configured idle strategy
 * ({@code execution.idle-strategy}) when it waits for input, but backing off (spin, yield, then
 * park) when every one of its tasks waits for room in a full output ring, whatever the strategy.
 *
 * <p>Spinning is for a thread that waits for input: it sees the next element the moment it comes.
 * A thread held back by a full ring gains nothing by it (its next element is already late, queued
 * behind a full ring), and its spinning takes from the thread it waits for wherever the two share a
 * physical core (hyper-threads, or virtual CPUs of one host core): measured, a busy-spinning source
 * behind a full ring slowed the window task it fed by more than half. One instance per worker
 * thread (the strategies keep state).
 */
final class WorkerIdle {

    private final IdleStrategy configured;
    /** Null when the configured strategy backs off already. */
    private final IdleStrategy heldBack;

    WorkerIdle(IdleStrategyKind kind) {
        this(IdleStrategies.create(kind), kind == IdleStrategyKind.BUSY_SPIN || kind == IdleStrategyKind.YIELD
                ? IdleStrategies.create(IdleStrategyKind.BACKOFF) : null);
    }

    WorkerIdle(IdleStrategy configured, IdleStrategy heldBack) {
        this.configured = configured;
        this.heldBack = heldBack;
    }

    /**
     * After a round that did {@code work}; {@code allHeldBack} says whether every task of the thread
     * ended the round waiting for room downstream, asked only after a round without work and only
     * when the answer matters.
     */
    void idle(int work, BooleanSupplier allHeldBack) {
        if (heldBack == null) {
            configured.idle(work);
        } else if (work == 0 && allHeldBack.getAsBoolean()) {
            heldBack.idle(0);
        } else {
            heldBack.reset();
            configured.idle(work);
        }
    }
}
