package io.sluice.state;

/** Where a keyed backend is created: names for errors, and the key groups it owns. */
public record KeyedBackendParameters(String operatorName, int subtaskIndex, int maxParallelism,
                                     KeyGroupRange keyGroupRange) {
}
