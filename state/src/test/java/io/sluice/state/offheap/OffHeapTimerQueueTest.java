package io.sluice.state.offheap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedTimerQueueContractTest;

class OffHeapTimerQueueTest extends KeyedTimerQueueContractTest {

    @Override
    protected KeyedStateBackend createBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, 256L << 20);
    }
}
