package io.sluice.api.graph;

import io.sluice.api.functions.KeySelector;
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
        HASH
    }

    private final Transformation<T> input;
    private final Partitioning partitioning;
    private final KeySelector<T, ?> keySelector;

    public PartitionTransformation(int id, Transformation<T> input, Partitioning partitioning,
                                   KeySelector<T, ?> keySelector) {
        super(id, partitioning.name().toLowerCase());
        if ((partitioning == Partitioning.HASH) != (keySelector != null)) {
            throw new IllegalArgumentException("a key selector goes with HASH partitioning only");
        }
        this.input = input;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
    }

    public Transformation<T> input() {
        return input;
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    /** The key selector of HASH partitioning; {@code null} otherwise. */
    public KeySelector<T, ?> keySelector() {
        return keySelector;
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
