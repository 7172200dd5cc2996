package io.sluice.connectors.files;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a part file is closed before the next checkpoint barrier: once it holds
 * {@code maxPartBytes}, or once it has been open for {@code maxPartAgeMs} (checked when a record
 * arrives). A closed part is committed with the next checkpoint, as every part is. Zero means no
 * limit; with neither, a part is closed only at barriers.
 */
record RollingPolicy(long maxPartBytes, long maxPartAgeMs) implements Serializable {

    static final RollingPolicy AT_CHECKPOINTS = new RollingPolicy(0, 0);

    RollingPolicy withMaxBytes(long bytes) {
        return new RollingPolicy(bytes, maxPartAgeMs);
    }

    RollingPolicy withMaxAge(Duration age) {
        return new RollingPolicy(maxPartBytes, age.toMillis());
    }

    boolean shouldRoll(long bytes, long openedAtMs, long nowMs) {
        return (maxPartBytes > 0 && bytes >= maxPartBytes) || (maxPartAgeMs > 0 && nowMs - openedAtMs >= maxPartAgeMs);
    }
}
