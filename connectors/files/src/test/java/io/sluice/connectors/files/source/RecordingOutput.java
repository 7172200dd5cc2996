package io.sluice.connectors.files.source;

import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReaderContext;

import java.util.ArrayList;
import java.util.List;

/** A reader outside a job: what it emits, and a context naming it. */
final class RecordingOutput implements ReaderOutput<String>, SourceReaderContext {
    final List<String> lines = new ArrayList<>();

    @Override
    public void collect(String element) {
        lines.add(element);
    }

    @Override
    public void collect(String element, long timestamp) {
        lines.add(element);
    }

    @Override
    public SplitOutput<String> forSplit(String splitId) {
        return new SplitOutput<>() {
            @Override
            public void collect(String element) {
                lines.add(element);
            }

            @Override
            public void collect(String element, long timestamp) {
                lines.add(element);
            }

            @Override
            public void markIdle() {
            }
        };
    }

    @Override
    public void releaseSplit(String splitId) {
    }

    @Override
    public int subtaskIndex() {
        return 0;
    }

    @Override
    public int parallelism() {
        return 1;
    }

    @Override
    public long currentProcessingTime() {
        return 0;
    }
}
