package io.sluice.api.functions;

/**
 * Chooses the subtask of an element from its key, for {@code DataStream.partitionCustom}. Called on
 * the sending subtask's worker thread, once per element: it must be cheap, and must return the same
 * subtask for the same key if downstream state depends on it.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface Partitioner<K> extends Function {

    /**
     * @param key           the element's key, as the key selector returned it
     * @param numPartitions the parallelism of the receiving operator
     * @return the receiving subtask, in {@code [0, numPartitions)}
     */
    int partition(K key, int numPartitions);
}
