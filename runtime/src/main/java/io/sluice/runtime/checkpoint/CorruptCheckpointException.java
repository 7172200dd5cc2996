package io.sluice.runtime.checkpoint;

import java.io.IOException;

/** A checkpoint or savepoint that cannot be used: its metadata or a state file is missing, truncated or corrupt. */
public final class CorruptCheckpointException extends IOException {

    public CorruptCheckpointException(String message) {
        super(message);
    }

    public CorruptCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
