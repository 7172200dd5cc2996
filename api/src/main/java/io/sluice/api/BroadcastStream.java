package io.sluice.api;

import io.sluice.api.state.MapStateDescriptor;

import java.util.List;

/**
 * A stream whose every element reaches every subtask of the operator it is connected with, with
 * the broadcast state that operator keeps (Flink's {@code BroadcastStream}); made by
 * {@link DataStream#broadcast(MapStateDescriptor[])}, used by {@code connect}.
 */
public final class BroadcastStream<T> {

    private final DataStream<T> stream;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(DataStream<T> stream, List<MapStateDescriptor<?, ?>> descriptors) {
        this.stream = stream;
        this.descriptors = descriptors;
    }

    /** The stream, partitioned to every subtask. */
    DataStream<T> stream() {
        return stream;
    }

    /** The broadcast states the connected operator keeps. */
    public List<MapStateDescriptor<?, ?>> getBroadcastStateDescriptors() {
        return descriptors;
    }
}
