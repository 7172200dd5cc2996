package io.sluice.runtime.testing;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

/** A sink that drops what it gets: for endless jobs in tests, whose output nobody reads. */
public final class DiscardSink<T> implements Sink<T> {

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        return (element, timestamp) -> { };
    }
}
