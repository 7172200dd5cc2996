package io.sluice.runtime.checkpoint;

import io.sluice.state.KeyGroupRange;

import java.util.List;

/**
 * What one subtask of one operator put into a checkpoint: its keyed state (a key-group snapshot
 * file covering {@code keyGroups}) and its operator state (small items such as source splits with
 * their positions or a sink's pending transactions, kept inline in the metadata).
 *
 * @param parallelism    the operator's parallelism when the checkpoint was taken (every subtask's, with state or not)
 * @param keyedFile      file name inside the checkpoint directory, or null without keyed state
 * @param keyedFileBytes the file's size, checked before a restore trusts it
 * @param items          operator state items; on a restore at another parallelism they are dealt out round robin
 * @param channelFile    in-flight input records of an unaligned checkpoint (a task's head operator), or null
 * @param finished       the subtask had processed all its input and emitted all its output before this
 *                       checkpoint: a restore at the same parallelism does not run it again
 */
public record OperatorSubtaskState(String operatorId, int subtask, int parallelism, KeyGroupRange keyGroups, String keyedFile,
                                   long keyedFileBytes, List<byte[]> items, String channelFile,
                                   long channelFileBytes, boolean finished) {

    public boolean isEmpty() {
        return keyedFile == null && items.isEmpty() && channelFile == null && !finished;
    }
}
