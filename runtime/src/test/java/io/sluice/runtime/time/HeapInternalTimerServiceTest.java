package io.sluice.runtime.time;

import io.sluice.state.StateBackend;
import io.sluice.state.heap.HeapStateBackend;

class HeapInternalTimerServiceTest extends InternalTimerServiceContractTest {
    @Override
    StateBackend backend() {
        return new HeapStateBackend();
    }
}
