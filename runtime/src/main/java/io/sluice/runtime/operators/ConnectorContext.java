package io.sluice.runtime.operators;

import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SourceReaderContext;

/**
 * What a source reader or sink writer learns of its operator: a narrow view of the operator's
 * context (a class of its own, so the operators that hand it out have no nested classes).
 */
public record ConnectorContext(OperatorContext context) implements SinkContext, SourceReaderContext {

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

    @Override
    public String jobLineageId() {
        return context.jobLineageId();
    }

    @Override
    public long currentProcessingTime() {
        return context.currentProcessingTime();
    }
}
