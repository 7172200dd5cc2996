package io.sluice.runtime.executor;

import io.sluice.api.config.ExecutionOptions.IdleStrategyKind;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/** Maps the configured kind to an Agrona idle strategy; one instance per worker (they keep state). */
final class IdleStrategies {

    private IdleStrategies() {
    }

    static IdleStrategy create(IdleStrategyKind kind) {
        switch (kind) {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELD:
                return new YieldingIdleStrategy();
            case SLEEP:
                return new SleepingIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1));
            case BACKOFF:
            default:
                // 100 spins, 10 yields, then parks from 1 µs up to 1 ms
                return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                        TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
