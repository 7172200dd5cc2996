package io.sluice.runtime.channel;

import io.sluice.api.functions.KeySelector;

/** The channel a user's {@code Partitioner} chooses from the record's key, checked to be in range. */
public final class CustomPartitioner implements Partitioner {

    private final io.sluice.api.functions.Partitioner<Object> partitioner;
    private final KeySelector<Object, Object> keySelector;
    private final String operatorName;

    /**
     * @param operatorName the receiving operator, for the message when the partitioner returns a
     *                     channel out of range
     */
    @SuppressWarnings("unchecked")
    public CustomPartitioner(io.sluice.api.functions.Partitioner<?> partitioner, KeySelector<?, ?> keySelector,
                             String operatorName) {
        this.partitioner = (io.sluice.api.functions.Partitioner<Object>) partitioner;
        this.keySelector = (KeySelector<Object, Object>) keySelector;
        this.operatorName = operatorName;
    }

    @Override
    public int selectChannel(Object record, int numberOfChannels) throws Exception {
        Object key = keySelector.getKey(record);
        int c = partitioner.partition(key, numberOfChannels);
        if (c < 0 || c >= numberOfChannels) {
            throw new IllegalStateException("the partitioner " + partitioner.getClass().getName() + " of partitionCustom"
                    + " before '" + operatorName + "' returned partition " + c + " for key " + key + ", outside [0, "
                    + numberOfChannels + "); return a subtask index below numPartitions");
        }
        return c;
    }
}
