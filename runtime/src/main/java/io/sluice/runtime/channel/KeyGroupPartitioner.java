package io.sluice.runtime.channel;

import io.sluice.api.functions.KeySelector;
import io.sluice.state.KeyGroups;

/** Sends each record to the subtask that owns its key's key group. */
public final class KeyGroupPartitioner implements Partitioner {

    private final KeySelector<Object, Object> keySelector;
    private final int maxParallelism;

    @SuppressWarnings("unchecked")
    public KeyGroupPartitioner(KeySelector<?, ?> keySelector, int maxParallelism) {
        this.keySelector = (KeySelector<Object, Object>) keySelector;
        this.maxParallelism = maxParallelism;
    }

    @Override
    public int selectChannel(Object record, int numberOfChannels) throws Exception {
        int keyGroup = KeyGroups.keyGroupFor(keySelector.getKey(record), maxParallelism);
        return KeyGroups.subtaskFor(keyGroup, maxParallelism, numberOfChannels);
    }
}
