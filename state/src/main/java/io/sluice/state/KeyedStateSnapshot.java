package io.sluice.state;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A keyed backend's state as it was at one moment, captured on the task's thread and written
 * afterwards on any thread while the task goes on processing (the asynchronous part of a checkpoint).
 */
public interface KeyedStateSnapshot {

    /** Writes the captured key groups to {@code file}; any thread, once, before {@link #release}. */
    void writeTo(Path file) throws IOException;

    /** Back on the task's thread, once written or abandoned: frees what the capture held on to. */
    void release();
}
