package io.sluice.connectors.chronicle;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.RecordDeserializer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the queue of a {@link ChronicleQueueSource} for one subtask. Called only from that subtask's
 * worker thread. Never blocks: the queue's tailers read what is there and return at once, and each
 * poll emits at most one element (after reading at most a bounded number of documents).
 *
 * <p>Assumes the runtime passes the same {@link ReaderOutput} to every call, as the split's output is
 * taken from it once. A reader given no split (a subtask other than the first) ends at once.
 */
final class ChronicleSourceReader<T> implements SourceReader<T, ChronicleQueueSplit> {

    /** {@link #emit}, made once: a method reference per poll would be an object per record. */
    private final QueueRecordHandler emitter = this::emit;
    private final boolean readCommitted;
    private final RecordDeserializer<T> deserializer;
    private final BadRecords badRecords;
    private final List<ChronicleQueueSplit> pending = new ArrayList<>();

    private ChronicleQueueSplit split;
    private QueueReader reader;
    private ReaderOutput.SplitOutput<T> splitOutput;
    private ReaderOutput<T> output;
    private boolean ended;

    ChronicleSourceReader(boolean readCommitted, RecordDeserializer<T> deserializer, BadRecords badRecords) {
        this.readCommitted = readCommitted;
        this.badRecords = badRecords;
        // a document that is not Sluice's is a bad record like one the deserializer refuses
        this.deserializer = record -> {
            String malformed = ((QueueRecord) record).malformedReason();
            if (malformed != null) {
                throw new IllegalArgumentException(malformed);
            }
            return deserializer.deserialize(record);
        };
    }

    @Override
    public void addSplits(List<ChronicleQueueSplit> splits) {
        pending.addAll(splits);
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> out) throws Exception {
        if (reader == null) {
            if (pending.isEmpty() || ended) {
                return InputStatus.END_OF_INPUT;
            }
            if (pending.size() > 1) {
                throw new IllegalStateException("a Chronicle Queue source reader reads one queue, but was given "
                        + pending.size() + " splits: " + pending);
            }
            split = pending.remove(0);
            Path dir = Path.of(split.directory());
            reader = readCommitted
                    ? ChronicleCommittedReader.owning(Queues.open(dir), dir, split.position(), split.limit())
                    : new RawQueueReader(Queues.open(dir), dir, split.position(), split.limit());
            output = out;
            splitOutput = out.forSplit(split.splitId());
        }
        if (ended) {
            return InputStatus.END_OF_INPUT;
        }
        int work = reader.poll(1, emitter); // one handler for every poll: nothing allocated per record
        if (work > 0) {
            return InputStatus.MORE_AVAILABLE;
        }
        if (reader.reachedLimit()) {
            ended = true;
            out.releaseSplit(split.splitId());
            return InputStatus.END_OF_INPUT;
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    private void emit(QueueRecord record) throws Exception {
        T element = badRecords.deserialize(deserializer, record, output);
        if (element == null) {
            return;
        }
        if (record.timestamp() == Long.MIN_VALUE) {
            splitOutput.collect(element);
        } else {
            splitOutput.collect(element, record.timestamp());
        }
    }

    @Override
    public List<ChronicleQueueSplit> snapshotState(long checkpointId) {
        List<ChronicleQueueSplit> splits = new ArrayList<>(pending);
        if (reader != null) {
            splits.add(split.at(reader.position()));
        }
        return splits;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
