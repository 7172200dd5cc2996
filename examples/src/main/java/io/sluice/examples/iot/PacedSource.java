package io.sluice.examples.iot;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.connector.SourceSplit;
import io.sluice.api.serialization.TypeSerializer;

import java.time.Duration;
import java.util.List;

/**
 * Replays a source that has everything ready (a filled queue) at about a given number of elements
 * per second of processing time, so that a recorded stream plays out as if it were live. It
 * paces the inner reader's polls, each of which emits at most one element for the sources used
 * here. The reader never waits: ahead of time, it answers {@link InputStatus#NOTHING_AVAILABLE}.
 * The pace starts again from now after a restore.
 */
final class PacedSource<T, S extends SourceSplit> implements Source<T, S> {

    private static final long serialVersionUID = 1L;

    private final Source<T, S> inner;
    private final long elementsPerSecond;

    PacedSource(Source<T, S> inner, long elementsPerSecond) {
        if (elementsPerSecond < 1) {
            throw new IllegalArgumentException("elementsPerSecond must be at least 1, got " + elementsPerSecond);
        }
        this.inner = inner;
        this.elementsPerSecond = elementsPerSecond;
    }

    @Override
    public Boundedness boundedness() {
        return inner.boundedness();
    }

    @Override
    public List<S> createSplits(int parallelism) throws Exception {
        return inner.createSplits(parallelism);
    }

    @Override
    public List<S> redistributeSplits(List<S> restored, int parallelism) throws Exception {
        return inner.redistributeSplits(restored, parallelism);
    }

    @Override
    public Duration splitDiscoveryInterval() {
        return inner.splitDiscoveryInterval();
    }

    @Override
    public List<S> discoverSplits() throws Exception {
        return inner.discoverSplits();
    }

    @Override
    public int splitOwner(String splitId, int parallelism) {
        return inner.splitOwner(splitId, parallelism);
    }

    @Override
    public TypeSerializer<S> splitSerializer() {
        return inner.splitSerializer();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
        SourceReader<T, S> reader = inner.createReader(context);
        return new SourceReader<>() {
            private long startMs = Long.MIN_VALUE;
            private long polls;

            @Override
            public void addSplits(List<S> splits) {
                reader.addSplits(splits);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
                long nowMs = context.currentProcessingTime();
                if (startMs == Long.MIN_VALUE) {
                    startMs = nowMs;
                }
                if (polls >= (nowMs - startMs) * elementsPerSecond / 1000 + 1) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                polls++;
                return reader.pollNext(output);
            }

            @Override
            public List<S> snapshotState(long checkpointId) {
                return reader.snapshotState(checkpointId);
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                reader.notifyCheckpointComplete(checkpointId);
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        };
    }

    @Override
    public String toString() {
        return inner + " at " + elementsPerSecond + "/s";
    }
}
