package io.sluice.connectors.chronicle;

import io.sluice.api.connector.SourceSplit;

import java.util.Objects;

/**
 * The one split of a {@link ChronicleQueueSource}: the queue, where its reader stands, and where a
 * bounded read ends. Immutable: the position is the one at the time the split object was made.
 *
 * @param directory the queue's directory, absolute
 * @param position  where the reader resumes
 * @param limit     the first index not to read: the end of the queue when the source first started,
 *                  for a bounded source (kept across restores); {@code Long.MAX_VALUE} when unbounded
 */
public record ChronicleQueueSplit(String directory, QueuePosition position, long limit) implements SourceSplit {

    public ChronicleQueueSplit {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(position, "position");
        if (limit < 0) {
            throw new IllegalArgumentException("the limit of the split of queue " + directory + " must be >= 0, got "
                    + limit);
        }
    }

    @Override
    public String splitId() {
        return "queue " + directory;
    }

    ChronicleQueueSplit at(QueuePosition newPosition) {
        return new ChronicleQueueSplit(directory, newPosition, limit);
    }
}
