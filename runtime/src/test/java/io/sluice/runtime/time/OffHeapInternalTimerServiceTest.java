package io.sluice.runtime.time;

import io.sluice.state.StateBackend;
import io.sluice.state.offheap.OffHeapStateBackend;

class OffHeapInternalTimerServiceTest extends InternalTimerServiceContractTest {
    @Override
    StateBackend backend() {
        return new OffHeapStateBackend(64L << 20);
    }
}
