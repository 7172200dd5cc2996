package io.sluice.runtime.channel;

import io.sluice.api.functions.KeySelector;
import io.sluice.api.internal.KeyTypes;
import io.sluice.state.KeyGroups;

/**
 * Sends each record to the subtask that owns its key's key group. Refuses keys whose hash is not the
 * same in another JVM ({@link KeyTypes}): the job is checked when it is built, but a key type the
 * key selector does not declare (a generic or interface type) can only be seen here.
 */
public final class KeyGroupPartitioner implements Partitioner {

    private final KeySelector<Object, Object> keySelector;
    private final int maxParallelism;
    private final String operatorName;
    /** The class of the last key found acceptable: the check costs one comparison per record. */
    private Class<?> checkedKeyClass;

    public KeyGroupPartitioner(KeySelector<?, ?> keySelector, int maxParallelism) {
        this(keySelector, maxParallelism, "(unnamed)");
    }

    /** @param operatorName the keyed operator that receives the records, for the message of a refused key */
    @SuppressWarnings("unchecked")
    public KeyGroupPartitioner(KeySelector<?, ?> keySelector, int maxParallelism, String operatorName) {
        this.keySelector = (KeySelector<Object, Object>) keySelector;
        this.maxParallelism = maxParallelism;
        this.operatorName = operatorName;
    }

    @Override
    public int selectChannel(Object record, int numberOfChannels) throws Exception {
        int keyGroup = KeyGroups.keyGroupFor(keyOf(record), maxParallelism);
        return KeyGroups.subtaskFor(keyGroup, maxParallelism, numberOfChannels);
    }

    /** The key of {@code record}, of a type whose hash is the same in every JVM (or null). */
    public Object keyOf(Object record) throws Exception {
        Object key = keySelector.getKey(record);
        if (key != null && key.getClass() != checkedKeyClass) {
            KeyTypes.check(key.getClass(), operatorName);
            checkedKeyClass = key.getClass();
        }
        return key;
    }

    public int maxParallelism() {
        return maxParallelism;
    }
}
