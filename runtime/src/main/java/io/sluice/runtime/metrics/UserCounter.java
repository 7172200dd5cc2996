package io.sluice.runtime.metrics;

import io.sluice.api.metrics.Counter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A user {@link Counter}: changed by the subtask's worker thread only, read by any thread that
 * reads metrics.
 */
final class UserCounter implements Counter {

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(UserCounter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Single writer: the worker reads its own last write plainly and publishes the sum with a
     * release store (no lock, no read-modify-write instruction); readers load it with acquire and
     * see a whole, recent value.
     */
    @SuppressWarnings("unused")
    private long count;

    @Override
    public void inc() {
        COUNT.setRelease(this, count + 1);
    }

    @Override
    public void inc(long n) {
        COUNT.setRelease(this, count + n);
    }

    @Override
    public void dec() {
        COUNT.setRelease(this, count - 1);
    }

    @Override
    public void dec(long n) {
        COUNT.setRelease(this, count - n);
    }

    @Override
    public long getCount() {
        return (long) COUNT.getAcquire(this);
    }
}
