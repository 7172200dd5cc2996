package io.sluice.runtime.launch;

/** A job that cannot be loaded or made: not a jar, no job class, a class that cannot be loaded or instantiated. One line. */
public final class JobLoadException extends IllegalArgumentException {

    public JobLoadException(String message) {
        super(message);
    }
}
