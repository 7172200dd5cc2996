package io.sluice.api;

import io.sluice.api.graph.Transformation;

/** The end of a stream: a sink operator, configurable like any operator. */
public final class DataStreamSink<T> {

    private final Transformation<Void> transformation;

    DataStreamSink(Transformation<Void> transformation) {
        this.transformation = transformation;
    }

    public DataStreamSink<T> name(String name) {
        transformation.setName(name);
        return this;
    }

    public DataStreamSink<T> uid(String uid) {
        transformation.setUid(uid);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        transformation.setParallelism(parallelism);
        return this;
    }

    public DataStreamSink<T> disableChaining() {
        transformation.disableChaining();
        return this;
    }

    public Transformation<Void> transformation() {
        return transformation;
    }
}
