package io.sluice.state.snapshot;

import io.sluice.api.serialization.TypeSerializer;
import io.sluice.state.KeyGroupRange;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.KeyedStateSnapshot;
import io.sluice.state.heap.HeapKeyedStateBackend;
import io.sluice.state.offheap.OffHeapKeyedStateBackend;

import java.io.IOException;
import java.nio.file.Path;

/** The two keyed backends, for tests that run against both or move state between them. */
enum Backends {
    HEAP {
        @Override
        KeyedStateBackend create(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer) {
            return new HeapKeyedStateBackend(parameters, keySerializer);
        }
    },
    OFF_HEAP {
        @Override
        KeyedStateBackend create(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer) {
            return new OffHeapKeyedStateBackend(parameters, keySerializer, 256L << 20);
        }
    };

    static final int MAX_PARALLELISM = 128;

    abstract KeyedStateBackend create(KeyedBackendParameters parameters, TypeSerializer<?> keySerializer);

    /** A backend of operator {@code operator} owning key groups [first, last], keys inferred. */
    KeyedStateBackend create(String operator, int first, int last) {
        return create(new KeyedBackendParameters(operator, 0, MAX_PARALLELISM, new KeyGroupRange(first, last)), null);
    }

    /** Captures key groups {@code range} of either backend. */
    static KeyedStateSnapshot snapshot(KeyedStateBackend b, KeyGroupRange range) {
        return b instanceof HeapKeyedStateBackend h ? h.snapshot(range) : ((OffHeapKeyedStateBackend) b).snapshot(range);
    }

    /** Writes key groups {@code range} of {@code b} to {@code file}, as a checkpoint would: capture, write, release. */
    static void write(KeyedStateBackend b, KeyGroupRange range, Path file) throws IOException {
        KeyedStateSnapshot s = snapshot(b, range);
        try {
            s.writeTo(file);
        } finally {
            s.release();
        }
    }
}
