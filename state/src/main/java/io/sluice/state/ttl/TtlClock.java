package io.sluice.state.ttl;

import io.sluice.api.state.StateTtlConfig;

import java.util.function.LongSupplier;

/** Decides expiry against a processing-time clock: the task's (read once per turn), or a test's. */
final class TtlClock {

    private final LongSupplier now;
    private final long ttlMillis;
    private final boolean renewOnRead;

    TtlClock(LongSupplier now, StateTtlConfig config) {
        this.now = now;
        this.ttlMillis = config.ttlMillis();
        this.renewOnRead = config.updateType() == StateTtlConfig.UpdateType.ON_READ_AND_WRITE;
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
