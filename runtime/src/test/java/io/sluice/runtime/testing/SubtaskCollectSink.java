package io.sluice.runtime.testing;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A sink for tests that keeps every element with the index of the subtask that received it, in
 * arrival order per subtask. Sinks are copied into each subtask, so the elements live in a static
 * registry under the sink's id.
 */
public final class SubtaskCollectSink<T> implements Sink<T> {

    private static final Map<String, Map<Integer, ConcurrentLinkedQueue<Object>>> RESULTS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public SubtaskCollectSink() {
        RESULTS.put(id, new ConcurrentHashMap<>());
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        ConcurrentLinkedQueue<Object> values = RESULTS.get(id)
                .computeIfAbsent(context.subtaskIndex(), i -> new ConcurrentLinkedQueue<>());
        return (element, timestamp) -> values.add(element);
    }

    /** The elements of each subtask that received or was created, by subtask index. */
    @SuppressWarnings("unchecked")
    public Map<Integer, List<T>> bySubtask() {
        Map<Integer, List<T>> out = new TreeMap<>();
        RESULTS.get(id).forEach((subtask, values) -> out.put(subtask, new ArrayList<>((ConcurrentLinkedQueue<T>)
                (ConcurrentLinkedQueue<?>) values)));
        return out;
    }

    /** Every element, of all subtasks. */
    public List<T> all() {
        List<T> all = new ArrayList<>();
        bySubtask().values().forEach(all::addAll);
        return all;
    }
}
