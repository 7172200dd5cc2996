package io.sluice.runtime.operators;

import io.sluice.api.OutputTag;

/**
 * Where an operator emits records: straight into the next chained operator, or into the task's
 * record writers. Task thread only.
 */
public interface Output<T> {

    /** @param timestamp the record's event timestamp, or {@code Long.MIN_VALUE} for none */
    void collect(T value, long timestamp) throws Exception;

    /** Emits to a side output. */
    <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception;
}
