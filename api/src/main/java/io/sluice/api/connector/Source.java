package io.sluice.api.connector;

import io.sluice.api.serialization.TypeSerializer;

import java.io.Serializable;
import java.util.List;

/**
 * A source of elements, made of splits read by parallel readers. The source object is a
 * description: it is copied into the job and creates one reader per subtask.
 *
 * @param <T>      the element type
 * @param <SplitT> the split type, which carries the split's position
 */
public interface Source<T, SplitT extends SourceSplit> extends Serializable {

    Boundedness boundedness();

    /**
     * The splits to read, discovered when the job starts; the runtime assigns split {@code i} to
     * subtask {@code i % parallelism}.
     */
    List<SplitT> createSplits(int parallelism) throws Exception;

    SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception;

    /** Writes splits (with their positions) into snapshots. */
    TypeSerializer<SplitT> splitSerializer();
}
