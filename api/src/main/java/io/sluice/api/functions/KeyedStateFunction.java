package io.sluice.api.functions;

import io.sluice.api.state.State;

/**
 * What {@code applyToKeyedState} applies to the state of each key (Flink's
 * {@code KeyedStateFunction}); the state handle is scoped to {@code key} during the call.
 */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {

    void process(K key, S state) throws Exception;
}
