package io.sluice.connectors.kafka;

import org.apache.kafka.common.TopicPartition;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link KafkaSource} starts reading the partitions it finds when a job starts fresh (a
 * job started from a checkpoint reads on from the checkpoint's offsets, and partitions discovered
 * while the job runs are read from their earliest offset). Resolved once, when the job starts, into
 * concrete offsets that are part of every checkpoint from then on.
 */
public abstract sealed class StartingOffsets implements Serializable {

    private static final long serialVersionUID = 1L;

    private StartingOffsets() {
    }

    /** The first record each partition still holds (the default). */
    public static StartingOffsets earliest() {
        return new Earliest();
    }

    /** The end of each partition when the job starts: only records written later are read. */
    public static StartingOffsets latest() {
        return new Latest();
    }

    /**
     * The first record whose timestamp is at or after {@code epochMs}; the end of a partition that
     * has none.
     */
    public static StartingOffsets timestamp(long epochMs) {
        return new Timestamp(epochMs);
    }

    /**
     * The offsets the consumer group ({@code group.id}, required) committed; a partition without
     * one starts at {@code fallback} ({@link #earliest()} or {@link #latest()}).
     */
    public static StartingOffsets committed(StartingOffsets fallback) {
        return new Committed(checkFallback(fallback));
    }

    /** These offsets; a partition not in the map starts at {@code fallback} (earliest or latest). */
    public static StartingOffsets offsets(Map<TopicPartition, Long> offsets, StartingOffsets fallback) {
        Map<TopicPartition, Long> copy = new HashMap<>();
        offsets.forEach((tp, offset) -> {
            if (offset < 0) {
                throw new IllegalArgumentException("offset " + offset + " of " + tp + " is negative");
            }
            copy.put(tp, offset);
        });
        return new Specific(copy, checkFallback(fallback));
    }

    private static StartingOffsets checkFallback(StartingOffsets fallback) {
        if (!(fallback instanceof Earliest) && !(fallback instanceof Latest)) {
            throw new IllegalArgumentException("the fallback of a starting position must be earliest() or latest(), not "
                    + fallback);
        }
        return fallback;
    }

    static final class Earliest extends StartingOffsets {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "earliest";
        }
    }

    static final class Latest extends StartingOffsets {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return "latest";
        }
    }

    static final class Timestamp extends StartingOffsets {
        private static final long serialVersionUID = 1L;
        final long epochMs;

        Timestamp(long epochMs) {
            this.epochMs = epochMs;
        }

        @Override
        public String toString() {
            return "timestamp " + epochMs;
        }
    }

    static final class Committed extends StartingOffsets {
        private static final long serialVersionUID = 1L;
        final StartingOffsets fallback;

        Committed(StartingOffsets fallback) {
            this.fallback = Objects.requireNonNull(fallback);
        }

        @Override
        public String toString() {
            return "committed offsets, else " + fallback;
        }
    }

    static final class Specific extends StartingOffsets {
        private static final long serialVersionUID = 1L;
        final HashMap<TopicPartition, Long> offsets;
        final StartingOffsets fallback;

        Specific(Map<TopicPartition, Long> offsets, StartingOffsets fallback) {
            this.offsets = new HashMap<>(offsets);
            this.fallback = fallback;
        }

        @Override
        public String toString() {
            return "offsets " + offsets + ", else " + fallback;
        }
    }
}
