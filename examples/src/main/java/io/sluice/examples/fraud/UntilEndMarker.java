package io.sluice.examples.fraud;

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
 * A source of lines that ends at the line {@link #END}: what the generator appends after its last
 * transaction (and to the rules stream), so that a job reading a queue or topic that never ends by
 * itself finishes once the traffic is over, and commits its last alerts. Lines after the marker in
 * the same poll are dropped; each split ends at its own marker.
 *
 * @param <S> the wrapped source's split type
 */
final class UntilEndMarker<S extends SourceSplit> implements Source<String, S> {

    private static final long serialVersionUID = 1L;

    /** The line that ends the stream. */
    static final String END = "#end";

    private final Source<String, S> source;

    UntilEndMarker(Source<String, S> source) {
        this.source = source;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public List<S> createSplits(int parallelism) throws Exception {
        return source.createSplits(parallelism);
    }

    @Override
    public List<S> redistributeSplits(List<S> restored, int parallelism) throws Exception {
        return source.redistributeSplits(restored, parallelism);
    }

    /** None: a bounded source has all its splits at start (a topic's partitions, a queue). */
    @Override
    public Duration splitDiscoveryInterval() {
        return null;
    }

    @Override
    public int splitOwner(String splitId, int parallelism) {
        return source.splitOwner(splitId, parallelism);
    }

    @Override
    public SourceReader<String, S> createReader(SourceReaderContext context) throws Exception {
        SourceReader<String, S> reader = source.createReader(context);
        return new SourceReader<>() {
            private boolean ended;
            private Watching watching;

            @Override
            public void addSplits(List<S> splits) {
                reader.addSplits(splits);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<String> output) throws Exception {
                if (ended) {
                    return InputStatus.END_OF_INPUT;
                }
                if (watching == null || watching.out != output) {
                    watching = new Watching(output);
                }
                InputStatus status = reader.pollNext(watching);
                return ended ? InputStatus.END_OF_INPUT : status;
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

            /** Passes lines on until the marker. */
            final class Watching implements ReaderOutput<String> {
                private final ReaderOutput<String> out;

                Watching(ReaderOutput<String> out) {
                    this.out = out;
                }

                private boolean pass(String line) {
                    if (ended) {
                        return false;
                    }
                    if (END.equals(line.strip())) {
                        ended = true;
                        return false;
                    }
                    return true;
                }

                @Override
                public void collect(String element) {
                    if (pass(element)) {
                        out.collect(element);
                    }
                }

                @Override
                public void collect(String element, long timestamp) {
                    if (pass(element)) {
                        out.collect(element, timestamp);
                    }
                }

                @Override
                public SplitOutput<String> forSplit(String splitId) {
                    SplitOutput<String> split = out.forSplit(splitId);
                    return new SplitOutput<>() {
                        @Override
                        public void collect(String element) {
                            if (pass(element)) {
                                split.collect(element);
                            }
                        }

                        @Override
                        public void collect(String element, long timestamp) {
                            if (pass(element)) {
                                split.collect(element, timestamp);
                            }
                        }

                        @Override
                        public void markIdle() {
                            split.markIdle();
                        }
                    };
                }

                @Override
                public void releaseSplit(String splitId) {
                    out.releaseSplit(splitId);
                }

                @Override
                public void deadLetter(io.sluice.api.connector.format.DeadLetter letter) {
                    out.deadLetter(letter);
                }

                @Override
                public void skippedBadRecord() {
                    out.skippedBadRecord();
                }
            }
        };
    }

    @Override
    public TypeSerializer<S> splitSerializer() {
        return source.splitSerializer();
    }

    @Override
    public String toString() {
        return source + " until " + END;
    }
}
