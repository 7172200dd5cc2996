package io.sluice.runtime.testing;

import io.sluice.api.connector.Boundedness;
import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.Source;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.SourceReaderContext;
import io.sluice.api.serialization.TypeSerializer;

import java.util.List;

/**
 * Emits 0, 1, 2, ... per subtask, never ending, at most {@code perSecond} a second per subtask (it
 * says "nothing available" when ahead, never sleeps): endless jobs in tests that leave the cores to
 * the rest. Checkpointed like {@link UnboundedSource}, so a restore continues where it left off.
 */
public final class PacedSource implements Source<Long, UnboundedSource.Split> {

    private final UnboundedSource counter = new UnboundedSource();
    private final long perSecond;

    public PacedSource(long perSecond) {
        this.perSecond = perSecond;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public List<UnboundedSource.Split> createSplits(int parallelism) {
        return counter.createSplits(parallelism);
    }

    @Override
    public SourceReader<Long, UnboundedSource.Split> createReader(SourceReaderContext context) {
        SourceReader<Long, UnboundedSource.Split> inner = counter.createReader(context);
        long start = System.nanoTime();
        return new SourceReader<>() {
            private long emitted;

            @Override
            public void addSplits(List<UnboundedSource.Split> splits) {
                inner.addSplits(splits);
            }

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) throws Exception {
                long allowed = (System.nanoTime() - start) / 1_000_000 * perSecond / 1000 + 1;
                if (emitted >= allowed) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                InputStatus status = inner.pollNext(output);
                emitted++;
                return status;
            }

            @Override
            public List<UnboundedSource.Split> snapshotState(long checkpointId) {
                return inner.snapshotState(checkpointId);
            }
        };
    }

    @Override
    public TypeSerializer<UnboundedSource.Split> splitSerializer() {
        return counter.splitSerializer();
    }
}
