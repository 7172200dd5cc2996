package io.sluice.connectors.kafka;

import io.sluice.api.connector.InputStatus;
import io.sluice.api.connector.ReaderOutput;
import io.sluice.api.connector.SourceReader;
import io.sluice.api.connector.format.BadRecords;
import io.sluice.api.connector.format.RecordDeserializer;
import io.sluice.api.connector.format.SourceRecord;
import io.sluice.api.time.TimestampAssigner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the partitions of one subtask. Called only from the subtask's worker thread; never blocks
 * it: the records come from a {@link KafkaFetcher} thread through a bounded queue, and each
 * {@link #pollNext} call handles at most one record.
 *
 * <p>A partition's position is the offset after the last record this reader emitted (or dropped as
 * bad), so a snapshot between two {@code pollNext} calls holds exactly what went downstream.
 * Finished (bounded) partitions stay in snapshots.
 *
 * <p>Per record the reader touches only the state of the batch's partition, found once per batch:
 * a plain {@code long} position and the split's output, both kept in a {@link Partition}; splits
 * are made from them only for snapshots. (Making a split and its id string per record, and looking
 * both up in hash maps, took a tenth of the worker's time in the Kafka pipeline benchmark.)
 */
final class KafkaSourceReader<T> implements SourceReader<T, KafkaPartitionSplit> {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaSource<T> source;
    private final RecordDeserializer<T> deserializer;
    private final BadRecords badRecords;
    private final String fetcherName;
    private final RecordView view = new RecordView();
    /** Every partition this reader owns, with its current position. */
    private final Map<TopicPartition, Partition> partitions = new LinkedHashMap<>();
    /** Offsets of snapshots not yet known complete, for committing to the group. */
    private final TreeMap<Long, Map<TopicPartition, OffsetAndMetadata>> snapshotOffsets = new TreeMap<>();
    private KafkaFetcher fetcher;
    private KafkaFetcher.Batch batch;
    private List<ConsumerRecord<byte[], byte[]>> batchRecords;
    /** The state of the batch's partition, or null if the reader does not own it (any more). */
    private Partition batchPartition;
    /**
     * The output of the batch's partition: looked up at the batch's first emitted element, not per
     * record (a split is released only between batches, in {@link #finish}, so it holds for the
     * batch), and not before (a partition registers with the watermark when it emits).
     */
    private ReaderOutput.SplitOutput<T> batchOutput;
    private int indexInBatch;
    /** Partitions not yet finished: all of an unbounded source's, a bounded one's until their stop offset. */
    private final java.util.Set<TopicPartition> reading = new java.util.HashSet<>();

    KafkaSourceReader(KafkaSource<T> source, int subtask) {
        this.source = source;
        this.deserializer = source.deserializer();
        this.badRecords = new BadRecords(source.badRecordPolicy(), source.description());
        this.fetcherName = "kafka-fetcher-" + subtask;
    }

    @Override
    public void addSplits(List<KafkaPartitionSplit> added) {
        List<KafkaPartitionSplit> toRead = new ArrayList<>();
        for (KafkaPartitionSplit split : added) {
            TopicPartition tp = split.topicPartition();
            if (partitions.containsKey(tp)) {
                throw new IllegalStateException("partition " + tp + " was given twice to the same reader of "
                        + source.description());
            }
            partitions.put(tp, new Partition(split));
            if (!split.finished()) {
                reading.add(tp);
                toRead.add(split);
            }
        }
        if (!toRead.isEmpty()) {
            if (fetcher == null) {
                fetcher = new KafkaFetcher(source.consumerConfig(fetcherName), fetcherName, source.handoverBatches());
                fetcher.start();
            }
            fetcher.assign(toRead);
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (fetcher != null && fetcher.failure() != null) {
            Throwable cause = fetcher.failure();
            throw new IllegalStateException("the Kafka consumer of " + source.description() + " failed: " + cause,
                    cause);
        }
        if (batch == null || indexInBatch >= batchRecords.size()) {
            batch = null;
            Object next = fetcher == null ? null : fetcher.poll();
            if (next == null) {
                return noRecord();
            }
            if (next instanceof KafkaFetcher.Finished f) {
                finish(f, output);
                return fetcher.hasMore() ? InputStatus.MORE_AVAILABLE : noRecord();
            }
            batch = (KafkaFetcher.Batch) next;
            batchRecords = batch.records();
            batchPartition = partitions.get(batch.partition());
            batchOutput = null;
            indexInBatch = 0;
        }
        ConsumerRecord<byte[], byte[]> record = batchRecords.get(indexInBatch++);
        Partition partition = batchPartition;
        if (partition != null && record.offset() >= partition.nextOffset) {
            view.record = record;
            T element = badRecords.deserialize(deserializer, view, output);
            view.record = null;
            partition.nextOffset = record.offset() + 1;
            if (element != null) {
                long timestamp = record.timestamp() < 0 ? TimestampAssigner.NO_TIMESTAMP : record.timestamp();
                if (batchOutput == null) {
                    batchOutput = output.forSplit(partition.splitId);
                }
                batchOutput.collect(element, timestamp);
            }
        }
        return indexInBatch < batchRecords.size() || fetcher.hasMore() ? InputStatus.MORE_AVAILABLE : noRecord();
    }

    private InputStatus noRecord() {
        // Only a bounded source ends; a discovering one may get a partition at any time.
        return source.bounded() && reading.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }

    private void finish(KafkaFetcher.Finished f, ReaderOutput<T> output) {
        if (!reading.remove(f.partition())) {
            return; // told twice
        }
        Partition partition = partitions.get(f.partition());
        partition.nextOffset = Math.max(partition.split.stopOffset(), f.position());
        output.releaseSplit(partition.splitId);
    }

    @Override
    public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
        List<KafkaPartitionSplit> state = new ArrayList<>(partitions.size());
        for (Partition partition : partitions.values()) {
            state.add(partition.split());
        }
        if (source.groupId() != null) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (KafkaPartitionSplit s : state) {
                if (s.nextOffset() != KafkaPartitionSplit.EARLIEST) {
                    offsets.put(s.topicPartition(), new OffsetAndMetadata(s.nextOffset()));
                }
            }
            snapshotOffsets.put(checkpointId, offsets);
        }
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<TopicPartition, OffsetAndMetadata> offsets = snapshotOffsets.get(checkpointId);
        snapshotOffsets.headMap(checkpointId, true).clear();
        if (offsets != null && !offsets.isEmpty() && fetcher != null) {
            fetcher.commit(offsets);
        }
    }

    @Override
    public void close() throws Exception {
        if (fetcher != null) {
            fetcher.close(CLOSE_TIMEOUT);
        }
    }

    /** A partition this reader owns: its split as given, and its position now. Worker thread only. */
    private static final class Partition {
        final KafkaPartitionSplit split;
        final String splitId;
        /** The offset of the next record to emit, or {@link KafkaPartitionSplit#EARLIEST}. */
        long nextOffset;

        Partition(KafkaPartitionSplit split) {
            this.split = split;
            this.splitId = split.splitId();
            this.nextOffset = split.nextOffset();
        }

        /** The split at the current position. */
        KafkaPartitionSplit split() {
            return nextOffset == split.nextOffset() ? split : split.withNextOffset(nextOffset);
        }
    }

    /** The record being deserialized, as the format API sees it; reused for every record. */
    private static final class RecordView implements SourceRecord {
        ConsumerRecord<byte[], byte[]> record;

        @Override
        public byte[] value() {
            return record.value();
        }

        @Override
        public byte[] key() {
            return record.key();
        }

        @Override
        public long timestamp() {
            return record.timestamp() < 0 ? Long.MIN_VALUE : record.timestamp();
        }

        @Override
        public Map<String, byte[]> headers() {
            Header[] headers = record.headers().toArray();
            if (headers.length == 0) {
                return Map.of();
            }
            Map<String, byte[]> map = new LinkedHashMap<>();
            for (Header h : headers) {
                map.put(h.key(), h.value()); // the last of a repeated key wins
            }
            return map;
        }

        @Override
        public String origin() {
            return "topic " + record.topic() + ", partition " + record.partition();
        }

        @Override
        public long position() {
            return record.offset();
        }
    }
}
