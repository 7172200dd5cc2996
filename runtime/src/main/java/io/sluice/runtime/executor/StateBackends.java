package io.sluice.runtime.executor;

import io.sluice.api.config.Configuration;
import io.sluice.api.config.StateOptions;
import io.sluice.state.StateBackend;
import io.sluice.state.heap.HeapStateBackend;
import io.sluice.state.offheap.OffHeapStateBackend;

/** Chooses the state backend named by {@code state.backend}. */
public final class StateBackends {

    private StateBackends() {
    }

    public static StateBackend create(Configuration config) {
        String name = config.get(StateOptions.BACKEND);
        if (HeapStateBackend.NAME.equalsIgnoreCase(name)) {
            return new HeapStateBackend();
        }
        if (OffHeapStateBackend.NAME.equalsIgnoreCase(name)) {
            java.nio.file.Path spill = null;
            if (config.get(StateOptions.SPILL_TO_DISK)) {
                String dir = config.get(StateOptions.DIRECTORY);
                spill = dir.isBlank() ? java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "sluice-state")
                        : java.nio.file.Path.of(dir);
            }
            return new OffHeapStateBackend(config.get(StateOptions.MEMORY_PER_TASK), spill,
                    config.get(StateOptions.INLINE_VALUES));
        }
        throw new IllegalArgumentException("unknown state backend '" + name + "' in " + StateOptions.BACKEND.key()
                + "; known backends: heap, offheap");
    }
}
