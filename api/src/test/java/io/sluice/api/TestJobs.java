package io.sluice.api;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkWriter;

/** Small building blocks for jobs that are built but never run. */
public final class TestJobs {

    private TestJobs() {
    }

    /** A sink whose writers drop everything: a lambda of a Serializable interface, so it is serializable. */
    public static <T> Sink<T> discard() {
        return context -> (SinkWriter<T>) (element, timestamp) -> {
        };
    }
}
