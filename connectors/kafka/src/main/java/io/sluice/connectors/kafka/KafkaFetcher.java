package io.sluice.connectors.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The thread that owns one reader's {@link KafkaConsumer}: it polls the reader's partitions and
 * hands their records to the reader's worker thread through a bounded queue of batches. When the
 * queue is full it pauses its partitions (nothing more is fetched, memory does not grow) until the
 * reader has taken batches out. The reader reaches it only through commands (new partitions,
 * offsets to commit, close) and {@link KafkaConsumer#wakeup()}.
 *
 * <p>The consumer is assigned partitions directly (no group membership, no rebalances): the job
 * decides who reads what. The group id, if any, is used only to commit offsets for monitoring.
 */
final class KafkaFetcher implements Runnable {

    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long IDLE_WAIT_MS = 100;

    /** A partition's records, in offset order, as one poll returned them. */
    record Batch(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
    }

    /** A bounded partition reached its stop offset; {@code position} is where the consumer stood. */
    record Finished(TopicPartition partition, long position) {
    }

    private sealed interface Command permits Assign, Commit {
    }

    private record Assign(List<KafkaPartitionSplit> splits) implements Command {
    }

    private record Commit(Map<TopicPartition, OffsetAndMetadata> offsets) implements Command {
    }

    private final Map<String, Object> consumerConfig;
    private final String name;
    /** Fetcher → reader. Bounded: its capacity times max.poll.records bounds the memory of a reader. */
    private final ArrayBlockingQueue<Object> handover;
    /** Reader → fetcher. Unbounded but tiny: one command per addSplits call or completed checkpoint. */
    private final LinkedBlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    /** Batches taken from a poll that did not fit into the handover yet, in order. Fetcher thread only. */
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    /** Stop offsets of the assigned bounded partitions. Fetcher thread only. */
    private final Map<TopicPartition, Long> stopOffsets = new HashMap<>();
    private final List<TopicPartition> assigned = new ArrayList<>();

    /** Written by the reader's thread, read by the fetcher: volatile so that close is seen at once. */
    private volatile boolean running = true;
    /** Written once by the fetcher when it dies, read by the reader on every poll: volatile. */
    private volatile Throwable failure;

    private KafkaConsumer<byte[], byte[]> consumer;
    private Thread thread;
    /** Written by the fetcher only; volatile so that tests and metrics may read it from another thread. */
    private volatile boolean paused;

    KafkaFetcher(Map<String, Object> consumerConfig, String name, int handoverBatches) {
        this.consumerConfig = consumerConfig;
        this.name = name;
        this.handover = new ArrayBlockingQueue<>(handoverBatches);
    }

    /** Reader thread. */
    void start() {
        consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Reader thread: reads these splits from their positions. */
    void assign(List<KafkaPartitionSplit> splits) {
        commands.add(new Assign(List.copyOf(splits)));
        consumer.wakeup();
    }

    /** Reader thread: commits offsets to the consumer group (asynchronously, for monitoring). */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        commands.add(new Commit(offsets));
        consumer.wakeup();
    }

    /** Reader thread: the next batch or {@link Finished} marker, or null. Never blocks. */
    Object poll() {
        return handover.poll();
    }

    boolean hasMore() {
        return !handover.isEmpty();
    }

    /** Whether the fetcher has paused its partitions because the reader is behind. Any thread. */
    boolean paused() {
        return paused;
    }

    /** Batches waiting for the reader. Any thread. */
    int handedOver() {
        return handover.size();
    }

    /** Why the fetcher stopped, or null while it runs. */
    Throwable failure() {
        return failure;
    }

    /** Reader thread: stops the fetcher and waits for it to close the consumer. */
    void close(Duration timeout) throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    fetchOnce();
                } catch (WakeupException wakeup) {
                    // a command or close: seen at the top of the next round
                }
            }
            commitBeforeClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = e;
        } catch (Throwable t) {
            failure = t;
        } finally {
            try {
                consumer.close(Duration.ofSeconds(5)); // waits for the pending asynchronous commits
            } catch (Throwable t) {
                if (failure == null && running) {
                    failure = t;
                }
            }
        }
    }

    /** One round: commands, then what is pending, then one poll. */
    private void fetchOnce() throws InterruptedException {
        Command command;
        while ((command = commands.poll()) != null) {
            handle(command);
        }
        if (!pending.isEmpty() && !drainPending()) {
            return;
        }
        if (assigned.isEmpty()) {
            command = commands.poll(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            if (command != null) {
                handle(command);
            }
            return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
        for (TopicPartition tp : records.partitions()) {
            pending.add(new Batch(tp, records.records(tp)));
        }
        checkStopOffsets();
        drainPending();
    }

    /**
     * Sends the commits still queued when the reader closed the fetcher (a checkpoint completed just
     * before the job stopped: the close's wake-up may end the loop before it took them).
     */
    private void commitBeforeClose() {
        Command command;
        while ((command = commands.poll()) != null) {
            if (command instanceof Commit c) {
                consumer.commitAsync(c.offsets(), null);
            }
        }
    }

    private void handle(Command command) {
        if (command instanceof Assign a) {
            for (KafkaPartitionSplit split : a.splits()) {
                TopicPartition tp = split.topicPartition();
                assigned.add(tp);
                if (split.bounded()) {
                    stopOffsets.put(tp, split.stopOffset());
                }
            }
            consumer.assign(assigned);
            for (KafkaPartitionSplit split : a.splits()) {
                if (split.nextOffset() == KafkaPartitionSplit.EARLIEST) {
                    consumer.seekToBeginning(List.of(split.topicPartition()));
                } else {
                    consumer.seek(split.topicPartition(), split.nextOffset());
                }
            }
            if (paused) {
                consumer.pause(assigned);
            }
        } else if (command instanceof Commit c) {
            consumer.commitAsync(c.offsets(), null); // monitoring only: a failure is of no consequence
        }
    }

    /** Ends bounded partitions whose position reached their stop offset. */
    private void checkStopOffsets() {
        if (stopOffsets.isEmpty()) {
            return;
        }
        List<TopicPartition> done = null;
        for (Map.Entry<TopicPartition, Long> e : stopOffsets.entrySet()) {
            long position = consumer.position(e.getKey());
            if (position >= e.getValue()) {
                pending.add(new Finished(e.getKey(), position)); // after the partition's last batch
                if (done == null) {
                    done = new ArrayList<>();
                }
                done.add(e.getKey());
            }
        }
        if (done != null) {
            for (TopicPartition tp : done) {
                stopOffsets.remove(tp);
                assigned.remove(tp);
            }
            consumer.assign(assigned);
        }
    }

    /**
     * Moves pending batches into the handover. When it is full, pauses every partition and waits a
     * little for room, so that the consumer fetches nothing more; resumes once everything moved.
     *
     * @return true when nothing is pending any more
     */
    private boolean drainPending() throws InterruptedException {
        while (!pending.isEmpty()) {
            if (handover.offer(pending.peek())) {
                pending.poll();
                continue;
            }
            if (!paused) {
                consumer.pause(assigned);
                paused = true;
            }
            if (handover.offer(pending.peek(), IDLE_WAIT_MS, TimeUnit.MILLISECONDS)) {
                pending.poll();
                continue;
            }
            return false; // still full: see to commands and close, then try again
        }
        if (paused) {
            consumer.resume(assigned);
            paused = false;
        }
        return true;
    }
}
