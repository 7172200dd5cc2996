package io.sluice.connectors.files.source;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the splits of one subtask of a {@link FileSource}: a {@link LineFetcher} reads them on its
 * own thread, this reader takes the lines on the subtask's worker thread (never waiting), turns
 * each into an element ({@link BadRecords} applies the bad-record policy) and keeps each split's
 * position as of the last line it emitted. A bounded source ends when every split it was given has
 * been read; a monitoring one never ends (files may come later) and keeps finished splits in its
 * snapshots, so that a restore knows them.
 */
final class FileSourceReader<T> implements SourceReader<T, FileSplit> {

    private final RecordDeserializer<T> deserializer;
    private final BadRecords badRecords;
    private final boolean monitoring;
    private final LineFetcher fetcher;
    /** Splits being read, by split id, at the position after the last line emitted. */
    private final Map<String, Progress> reading = new LinkedHashMap<>();
    /** Splits read to their end. */
    private final Map<String, FileSplit> finished = new LinkedHashMap<>();
    private final LineRecord record = new LineRecord();
    private boolean started;

    FileSourceReader(RecordDeserializer<T> deserializer, BadRecords badRecords, boolean monitoring, LineFetcher fetcher) {
        this.deserializer = deserializer;
        this.badRecords = badRecords;
        this.monitoring = monitoring;
        this.fetcher = fetcher;
    }

    /** A split being read: where it was given, its origin for messages, and its position now. */
    private static final class Progress {
        final FileSplit split;
        final String origin;
        long offset;
        long nextLine;

        Progress(FileSplit split) {
            this.split = split;
            this.origin = origin(split);
            this.offset = split.offset();
            this.nextLine = split.nextLine();
        }

        FileSplit now() {
            return split.at(offset, nextLine);
        }
    }

    /**
     * "file /data/a.csv" for a whole file, whose positions are line numbers; a block says that its
     * positions are byte offsets, since it does not know its line numbers.
     */
    private static String origin(FileSplit split) {
        return "file " + split.path() + (split.isBlock() ? " (the position is the line's byte offset)" : "");
    }

    /** The line being turned into an element, as a deserializer sees it. */
    private static final class LineRecord implements SourceRecord {
        byte[] bytes;
        String origin;
        long position;

        @Override
        public byte[] value() {
            return bytes;
        }

        @Override
        public String origin() {
            return origin;
        }

        @Override
        public long position() {
            return position;
        }
    }

    @Override
    public void addSplits(List<FileSplit> splits) {
        for (FileSplit split : splits) {
            if (split.finished()) {
                finished.put(split.splitId(), split);
            } else if (!reading.containsKey(split.splitId())) {
                reading.put(split.splitId(), new Progress(split));
                fetcher.read(split);
            }
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (!started) {
            started = true;
            fetcher.start();
        }
        LineFetcher.Fetched fetched = fetcher.poll();
        if (fetched == null) {
            return reading.isEmpty() && !monitoring ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
        }
        if (fetched instanceof LineFetcher.Line line) {
            Progress progress = reading.get(line.splitId());
            record.bytes = line.bytes();
            record.origin = progress.origin;
            record.position = line.position();
            T element = badRecords.deserialize(deserializer, record, output);
            if (element != null) {
                output.forSplit(line.splitId()).collect(element);
            }
            progress.offset = line.nextOffset();
            progress.nextLine = line.nextLine();
        } else if (fetched instanceof LineFetcher.End end) {
            Progress progress = reading.remove(end.splitId());
            finished.put(end.splitId(), progress.split.at(end.offset(), end.nextLine()).asFinished());
            output.releaseSplit(end.splitId());
        } else if (fetched instanceof LineFetcher.Failure failure) {
            FileSplit split = reading.get(failure.splitId()).split;
            throw new IOException("cannot read file " + split.path() + ": " + failure.cause().getMessage()
                    + " (was it deleted or moved while the job read it?)", failure.cause());
        }
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<FileSplit> snapshotState(long checkpointId) {
        List<FileSplit> splits = new ArrayList<>(reading.size() + finished.size());
        for (Progress progress : reading.values()) {
            splits.add(progress.now());
        }
        splits.addAll(finished.values());
        return splits;
    }

    @Override
    public void close() {
        fetcher.stop();
    }
}
