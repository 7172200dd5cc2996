package io.sluice.api.functions;

/**
 * Receives what a function emits. A value handed to {@code collect} belongs to the receiver from
 * then on: the sender must not change it afterwards (values pass by reference inside a job).
 */
public interface Collector<T> {
    void collect(T value);
}
