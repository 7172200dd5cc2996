package io.sluice.state.ttl;

import io.sluice.api.state.StateTtlConfig;

import java.util.function.LongSupplier;

/** Decides expiry against a processing-time clock: the task's (read once per turn), or a test's. */
final class TtlClock {

    private final LongSupplier now;
    private final long ttlMillis;
    private final boolean renewOnRead;
    private final java.util.function.LongConsumer cleanup;

    /** @param cleanup removes a few values last accessed at or before the given time, or null */
    TtlClock(LongSupplier now, StateTtlConfig config, java.util.function.LongConsumer cleanup) {
        this.now = now;
        this.ttlMillis = config.ttlMillis();
        this.renewOnRead = config.updateType() == StateTtlConfig.UpdateType.ON_READ_AND_WRITE;
        this.cleanup = cleanup;
    }

    /** One small step of background expiry, taken on every access (before the access touches state). */
    void cleanupStep() {
        if (cleanup != null) {
            cleanup.accept(expiredAtOrBefore());
        }
    }

    /** Values last accessed at or before this time have expired now. */
    long expiredAtOrBefore() {
        return now.getAsLong() - ttlMillis;
    }

    long now() {
        return now.getAsLong();
    }

    boolean expired(TtlValue<?> v) {
        return v != null && now.getAsLong() - v.lastAccess() >= ttlMillis;
    }

    boolean renewOnRead() {
        return renewOnRead;
    }

    <V> TtlValue<V> stamp(V value) {
        return new TtlValue<>(value, now.getAsLong());
    }
}
