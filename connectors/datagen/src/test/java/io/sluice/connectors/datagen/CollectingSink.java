package io.sluice.connectors.datagen;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink for runtime tests that keeps every element with its timestamp. Sinks are copied into each
 * subtask, so the elements live in a static registry under the sink's id; writers run on worker threads.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** One received element. */
    record Received<T>(T element, long timestamp) {
    }

    private static final Map<String, ConcurrentLinkedQueue<Received<?>>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
        RECEIVED.put(id, new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        ConcurrentLinkedQueue<Received<?>> received = RECEIVED.get(id);
        return (element, timestamp) -> received.add(new Received<>(element, timestamp));
    }

    @SuppressWarnings("unchecked")
    List<Received<T>> received() {
        List<Received<T>> list = new ArrayList<>();
        for (Received<?> r : RECEIVED.get(id)) {
            list.add((Received<T>) r);
        }
        return list;
    }

    List<T> elements() {
        List<T> list = new ArrayList<>();
        for (Received<T> r : received()) {
            list.add(r.element());
        }
        return list;
    }
}
