package io.sluice.state.snapshot;

import java.io.IOException;

/**
 * A snapshot file that cannot be restored: corrupt or cut short (checksum mismatch), or, with a
 * right checksum, of another kind, version or max parallelism, or written malformed. The message
 * names the file and says what to do.
 */
public final class CorruptSnapshotException extends IOException {

    private static final long serialVersionUID = 1L;

    public CorruptSnapshotException(String message) {
        super(message);
    }

    public CorruptSnapshotException(String message, Throwable cause) {
        super(message, cause);
    }
}
