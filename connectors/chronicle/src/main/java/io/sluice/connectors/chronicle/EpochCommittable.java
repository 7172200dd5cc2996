package io.sluice.connectors.chronicle;

import java.util.Objects;

/**
 * One pre-committed transaction of a {@link ChronicleQueueSink} writer: the records that writer
 * stamped with {@code epoch}. Committing it appends a COMMIT document (see {@link QueueDocuments}).
 *
 * @param writerId the writer's id, {@code <job lineage id>-<subtask>-<random>}
 * @param epoch    the writer's transaction number, from 0
 */
public record EpochCommittable(String writerId, long epoch) {

    public EpochCommittable {
        Objects.requireNonNull(writerId, "writerId");
        if (writerId.isEmpty() || epoch < 0) {
            throw new IllegalArgumentException("a Chronicle sink committable needs a writer id and an epoch >= 0, got '"
                    + writerId + "' epoch " + epoch);
        }
    }
}
