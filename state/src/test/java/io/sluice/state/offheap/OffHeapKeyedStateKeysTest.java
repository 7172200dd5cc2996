package io.sluice.state.offheap;

import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateKeysContractTest;

class OffHeapKeyedStateKeysTest extends KeyedStateKeysContractTest {

    @Override
    protected KeyedStateBackend createBackend(KeyedBackendParameters parameters) {
        return new OffHeapKeyedStateBackend(parameters, null, 64L << 20);
    }
}
