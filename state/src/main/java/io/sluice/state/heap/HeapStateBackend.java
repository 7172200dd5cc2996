package io.sluice.state.heap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateBackend;

/** Keyed state as objects on the Java heap. */
public final class HeapStateBackend implements StateBackend {

    public static final String NAME = "heap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public KeyedStateBackend createKeyedStateBackend(KeyedBackendParameters parameters) {
        return new HeapKeyedStateBackend(parameters);
    }
}
