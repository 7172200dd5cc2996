package io.sluice.runtime.operators;

import io.sluice.api.connector.SinkContext;

/** What a sink writer learns of its operator: a separate class so that {@link SinkOperator} has no nested class. */
record OperatorSinkContext(OperatorContext context) implements SinkContext {

    @Override
    public int subtaskIndex() {
        return context.subtaskIndex();
    }

    @Override
    public int parallelism() {
        return context.parallelism();
    }

    @Override
    public String operatorName() {
        return context.operatorName();
    }
}
