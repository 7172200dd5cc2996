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

    /**
     * Re-divides splits restored from a checkpoint or savepoint that was taken at another
     * parallelism, for {@code parallelism} subtasks. {@code restored} holds the splits of every
     * former subtask, each with its position; the runtime deals split {@code i} of the result to
     * subtask {@code i % parallelism}, as it does those of {@link #createSplits}. Called once per
     * restore, on the thread that builds the job, and never when the parallelism is unchanged (each
     * subtask then gets its own splits back).
     *
     * <p>Exactly once: the result must cover exactly the positions not yet read of the restored
     * splits, each in one split only. A position left out is lost, one in two splits is read twice.
     * Split ids must stay unique within the source. A source whose splits can be cut (ranges, strides
     * of a generator) should return at least {@code parallelism} splits when that much is left to
     * read, so that no subtask idles; one whose splits are fixed (a partition, a file) returns them
     * as they are. The restored split objects must not be changed; return them, or new ones.
     *
     * <p>The default returns {@code restored} unchanged: dealt round robin, fewer splits than
     * subtasks leave some subtasks with nothing to read.
     *
     * @param restored    every split of the source in the checkpoint, finished ones included if
     *                    the readers kept them
     * @param parallelism the number of subtasks that will read the result, at least 1
     */
    default List<SplitT> redistributeSplits(List<SplitT> restored, int parallelism) throws Exception {
        return restored;
    }

    // ---- splits discovered while the job runs ---------------------------------------------------

    /**
     * How often to look for new splits while the job runs (partitions added to a topic, files
     * arriving in a directory); null, the default, for a source whose splits are all known when
     * the job starts. Only an unbounded source discovers splits.
     */
    default java.time.Duration splitDiscoveryInterval() {
        return null;
    }

    /**
     * Every split there is now, new ones at the position where reading them starts. Called every
     * {@link #splitDiscoveryInterval()} on a discovery thread of the job (never a worker, so it may
     * block on I/O), on a copy of the source of its own. Splits whose id is already known (from
     * {@link #createSplits}, an earlier discovery, or the checkpoint the job started from) are
     * ignored; each new one goes to subtask {@link #splitOwner} and reaches its reader through
     * {@link SourceReader#addSplits} on the reader's thread. An exception is logged and discovery
     * tries again at the next interval.
     *
     * <p>Known splits are remembered through the readers' checkpoints: a reader of a discovering
     * source keeps its <em>finished</em> splits in {@link SourceReader#snapshotState} (at their end
     * position), or a restore would discover them again and read them twice. And its
     * {@link SourceReader#pollNext} must not return {@code END_OF_INPUT} while the job runs: a
     * split may come later.
     */
    default List<SplitT> discoverSplits() throws Exception {
        return List.of();
    }

    /**
     * The subtask that reads a split discovered while the job runs; a function of the split id and
     * the parallelism only, so that the same split always goes to the same subtask. The default
     * spreads split ids by their hash.
     */
    default int splitOwner(String splitId, int parallelism) {
        return Math.floorMod(splitId.hashCode() * 0x9E3779B9, parallelism);
    }

    SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception;

    /** Writes splits (with their positions) into snapshots. */
    TypeSerializer<SplitT> splitSerializer();
}
