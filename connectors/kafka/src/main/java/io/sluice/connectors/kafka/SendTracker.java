package io.sluice.connectors.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts one sink writer's unacknowledged sends and keeps the first failure: the callback of every
 * send (one object, so a send allocates no callback). The worker counts a send before it hands the
 * record over; the producer's I/O thread counts it done and records a failure.
 */
final class SendTracker implements Callback {

    private final String sinkName;
    private final long maxPendingRecords;
    private final String onFailure;
    private final AtomicLong pending = new AtomicLong();
    /** The first failure, written by the producer's I/O thread, read by the worker: volatile. */
    private volatile Exception failure;
    private volatile String failedRecord;

    /**
     * @param onFailure what happens to the records after a failure, for the message (e.g. "they are
     *                  written again when the job restarts from its last checkpoint")
     */
    SendTracker(String sinkName, long maxPendingRecords, String onFailure) {
        this.sinkName = sinkName;
        this.maxPendingRecords = maxPendingRecords;
        this.onFailure = onFailure;
    }

    /** Worker: a record is about to be sent. */
    void sending() {
        pending.incrementAndGet();
    }

    /** Producer I/O thread. */
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
        if (exception != null && failure == null) {
            failedRecord = metadata == null ? "a record" : "a record to topic " + metadata.topic() + ", partition "
                    + metadata.partition();
            failure = exception;
        }
        pending.decrementAndGet();
    }

    /** Whether the writer may take more: few enough records unacknowledged, or a failure to report. */
    boolean isReady() {
        return pending.get() < maxPendingRecords || failure != null;
    }

    String sinkName() {
        return sinkName;
    }

    /** Throws the first failed send, naming the sink, the record's topic and partition, and the fix. */
    void checkFailure() {
        Exception e = failure;
        if (e != null) {
            throw new IllegalStateException(sinkName + " could not write " + failedRecord + ": "
                    + e.getClass().getSimpleName() + ": " + withoutFinalPeriod(e.getMessage()) + ". " + onFailure
                    + "; " + hint(e), e);
        }
    }

    /** What to check, by the kind of failure. */
    private static String hint(Exception e) {
        if (e instanceof TimeoutException) {
            return "the producer gave up waiting for the cluster (delivery.timeout.ms for a sent record,"
                    + " max.block.ms for the topic's metadata): check that the brokers are reachable and the topic"
                    + " exists";
        }
        return "check that the topic exists and the producer may write to it";
    }

    private static String withoutFinalPeriod(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
