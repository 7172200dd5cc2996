package io.sluice.api.graph;

import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/**
 * A node of the logical graph: an operator, a source, or a virtual node (partitioning, union, side
 * output selection) that only shapes edges. Mutable while the job is being built.
 */
public abstract class Transformation<T> {

    /** Parallelism not set on the operator: the environment's default applies. */
    public static final int DEFAULT_PARALLELISM = -1;

    private final int id;
    private String name;
    private String uid;
    private int parallelism = DEFAULT_PARALLELISM;
    private boolean chainingDisabled;
    private boolean startsNewChain;
    private TypeSerializer<T> outputSerializer;

    protected Transformation(int id, String name) {
        this.id = id;
        this.name = name;
    }

    public abstract List<Transformation<?>> inputs();

    /** True for nodes that only shape edges and become no operator of their own. */
    public boolean isVirtual() {
        return false;
    }

    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operator name must not be empty");
        }
        this.name = name;
    }

    /** The stable identity of the operator's state across job versions; {@code null} if unset. */
    public String uid() {
        return uid;
    }

    public void setUid(String uid) {
        this.uid = uid;
    }

    public int parallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        if (parallelism <= 0) {
            throw new IllegalArgumentException("parallelism of operator '" + name + "' must be at least 1, got "
                    + parallelism);
        }
        this.parallelism = parallelism;
    }

    public boolean chainingDisabled() {
        return chainingDisabled;
    }

    public void disableChaining() {
        this.chainingDisabled = true;
    }

    /** True when this operator is not chained to its input (it may still chain to its output). */
    public boolean startsNewChain() {
        return startsNewChain;
    }

    public void startNewChain() {
        this.startsNewChain = true;
    }

    /** The serializer of the output elements, when declared; {@code null} otherwise. */
    public TypeSerializer<T> outputSerializer() {
        return outputSerializer;
    }

    public void setOutputSerializer(TypeSerializer<T> serializer) {
        this.outputSerializer = serializer;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + id + "('" + name + "')";
    }
}
