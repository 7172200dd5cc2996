package io.sluice.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * Names a side output: a second stream an operator can emit to ({@code ctx.output(tag, value)}),
 * read with {@code stream.getSideOutput(tag)}. Tags are equal when their ids are.
 * Create as an anonymous subclass or with a type to keep the element type visible:
 * {@code new OutputTag<Alert>("alerts") {}}.
 */
public class OutputTag<T> implements Serializable {

    private final String id;

    public OutputTag(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("side output id must not be empty");
        }
        this.id = id;
    }

    public String id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputTag<?> t && t.id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "OutputTag(" + id + ")";
    }
}
