package io.sluice.api.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Time to live of keyed state: a value (a list element, a map entry) not written — or, with
 * {@link UpdateType#ON_READ_AND_WRITE}, not read or written — for {@code ttl} of processing time
 * expires. Expired values are never returned; they are removed when next touched.
 *
 * <pre>{@code
 * ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("last-seen", Long.class);
 * d.enableTimeToLive(StateTtlConfig.of(Duration.ofHours(1)));
 * }</pre>
 */
public record StateTtlConfig(Duration ttl, UpdateType updateType) implements Serializable {

    /** What renews a value's time to live. */
    public enum UpdateType {
        /** Creating or writing the value. */
        ON_CREATE_AND_WRITE,
        /** Also reading it. */
        ON_READ_AND_WRITE
    }

    public StateTtlConfig {
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(updateType, "updateType");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("state time to live must be positive, got " + ttl);
        }
    }

    /** Expiry after {@code ttl} without a write. */
    public static StateTtlConfig of(Duration ttl) {
        return new StateTtlConfig(ttl, UpdateType.ON_CREATE_AND_WRITE);
    }

    /** The same time to live, renewed by reads too. */
    public StateTtlConfig renewedOnRead() {
        return new StateTtlConfig(ttl, UpdateType.ON_READ_AND_WRITE);
    }

    public long ttlMillis() {
        return ttl.toMillis();
    }
}
