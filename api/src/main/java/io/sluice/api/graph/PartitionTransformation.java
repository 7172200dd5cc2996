package io.sluice.api.graph;

import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.Partitioner;
import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/** A virtual node: how elements of the input are spread over the next operator's subtasks. */
public final class PartitionTransformation<T> extends Transformation<T> {

    /** The ways to connect two operators. */
    public enum Partitioning {
        /** Subtask i to subtask i; requires equal parallelism; allows chaining. */
        FORWARD,
        /** Round robin over all downstream subtasks. */
        REBALANCE,
        /** By key group of the key, so each key always reaches the same subtask. */
        HASH,
        /** To a random downstream subtask. */
        SHUFFLE,
        /** Everything to the first downstream subtask. */
        GLOBAL,
        /** To the subtask a user {@link Partitioner} chooses from the element's key. */
        CUSTOM,
        /** Every element to every downstream subtask. */
        BROADCAST;

        /** True for the partitionings that read a key from each element. */
        public boolean needsKey() {
            return this == HASH || this == CUSTOM;
        }
    }

    private final Transformation<T> input;
    private final Partitioning partitioning;
    private final KeySelector<T, ?> keySelector;
    private final Partitioner<?> partitioner;

    public PartitionTransformation(int id, Transformation<T> input, Partitioning partitioning,
                                   KeySelector<T, ?> keySelector) {
        this(id, input, partitioning, keySelector, null);
    }

    public PartitionTransformation(int id, Transformation<T> input, Partitioning partitioning,
                                   KeySelector<T, ?> keySelector, Partitioner<?> partitioner) {
        super(id, partitioning.name().toLowerCase());
        if (partitioning.needsKey() != (keySelector != null)) {
            throw new IllegalArgumentException("a key selector goes with HASH and CUSTOM partitioning only");
        }
        if ((partitioning == Partitioning.CUSTOM) != (partitioner != null)) {
            throw new IllegalArgumentException("a partitioner goes with CUSTOM partitioning only");
        }
        this.input = input;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
        this.partitioner = partitioner;
    }

    public Transformation<T> input() {
        return input;
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    /** The key selector of HASH and CUSTOM partitioning; {@code null} otherwise. */
    public KeySelector<T, ?> keySelector() {
        return keySelector;
    }

    /** The user's partitioner of CUSTOM partitioning; {@code null} otherwise. */
    public Partitioner<?> partitioner() {
        return partitioner;
    }

    /** The declared serializer, or else the input's: partitioning does not change the element type. */
    @Override
    public TypeSerializer<T> outputSerializer() {
        TypeSerializer<T> own = super.outputSerializer();
        return own != null ? own : input.outputSerializer();
    }

    @Override
    public boolean isVirtual() {
        return true;
    }

    @Override
    public List<Transformation<?>> inputs() {
        return List.of(input);
    }
}
