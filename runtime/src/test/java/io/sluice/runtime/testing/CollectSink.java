package io.sluice.runtime.testing;

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
 * A sink for tests that keeps every element it receives, in arrival order per subtask. Sinks are
 * copied into each subtask, so the elements live in a static registry under the sink's id.
 */
public final class CollectSink<T> implements Sink<T> {

    private static final Map<String, ConcurrentLinkedQueue<Object>> RESULTS = new ConcurrentHashMap<>();
    private static final Map<String, ConcurrentLinkedQueue<Long>> TIMESTAMPS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectSink() {
        RESULTS.put(id, new ConcurrentLinkedQueue<>());
        TIMESTAMPS.put(id, new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        ConcurrentLinkedQueue<Object> values = RESULTS.get(id);
        ConcurrentLinkedQueue<Long> timestamps = TIMESTAMPS.get(id);
        return (element, timestamp) -> {
            values.add(element);
            timestamps.add(timestamp);
        };
    }

    @SuppressWarnings("unchecked")
    public List<T> values() {
        return new ArrayList<>((ConcurrentLinkedQueue<T>) (ConcurrentLinkedQueue<?>) RESULTS.get(id));
    }

    public List<Long> timestamps() {
        return new ArrayList<>(TIMESTAMPS.get(id));
    }

    public int size() {
        return RESULTS.get(id).size();
    }
}
