package io.sluice.state.heap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueueContractTest;

class HeapTimerQueueTest extends KeyedTimerQueueContractTest {

    @Override
    protected KeyedStateBackend createBackend(KeyedBackendParameters parameters) {
        return new HeapKeyedStateBackend(parameters);
    }
}
