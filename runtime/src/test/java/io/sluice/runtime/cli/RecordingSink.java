package io.sluice.runtime.cli;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

/** Records every element into {@link CliRecords#VALUES}, whatever class loader the job came from. */
public final class RecordingSink implements Sink<Long> {

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
        return (element, timestamp) -> CliRecords.VALUES.add(element);
    }
}
