package io.sluice.state.snapshot;

import java.io.IOException;

/** A snapshot file that is not what it claims: wrong magic or version, bad checksum, truncated. */
public final class CorruptSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(String message) {
        super(message);
    }

    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
