package io.sluice.connectors.kafka;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Commits one sink subtask's transactions on a thread of its own, so that the round trip to the
 * transaction coordinator at every completed checkpoint never holds the worker. Commits run in the
 * order they were handed over; a producer whose transaction is committed comes back through
 * {@link #pollIdle()} if it can open another one. The first failure is kept and reported to the
 * worker by {@link #checkFailure()}: the checkpoint is complete, so a restart commits the transaction
 * again from it.
 */
final class BackgroundCommits implements AutoCloseable {

    private static final long CLOSE_DEADLINE_SECONDS = 120;

    private final String sinkName;
    private final Queue<TransactionalProducer> idle = new ConcurrentLinkedQueue<>();
    private final ExecutorService thread;
    /** Written by the commit thread, read by the worker. */
    private volatile RuntimeException failure;
    private volatile KafkaTransaction failed;

    BackgroundCommits(String sinkName) {
        this.sinkName = sinkName;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kafka-commits " + sinkName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Worker: commits the transaction {@code p} pre-committed, as {@code t}, on the commit thread. */
    void commit(TransactionalProducer p, KafkaTransaction t) {
        thread.execute(() -> {
            try {
                if (p.commit()) {
                    idle.add(p);
                } else {
                    p.close();
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failed = t;
                    failure = e;
                }
                p.close();
            }
        });
    }

    /** A producer whose transaction was committed, ready for the next one; null if none is back yet. */
    TransactionalProducer pollIdle() {
        return idle.poll();
    }

    /** Throws the first failed commit, naming the sink and the transaction. */
    void checkFailure() {
        RuntimeException e = failure;
        if (e != null) {
            throw new IllegalStateException(sinkName + " could not commit Kafka transaction " + failed + " of a"
                    + " completed checkpoint: " + e + ". The job restarts and commits it from that checkpoint", e);
        }
    }

    /**
     * Waits for the commits handed over (their checkpoints are complete: a job that finishes must not
     * exit before its last commit is done), then closes the idle producers.
     */
    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        boolean done = thread.awaitTermination(CLOSE_DEADLINE_SECONDS, TimeUnit.SECONDS);
        for (TransactionalProducer p = idle.poll(); p != null; p = idle.poll()) {
            p.close();
        }
        if (!done) {
            thread.shutdownNow();
            throw new IllegalStateException(sinkName + ": commits of completed checkpoints did not end in "
                    + CLOSE_DEADLINE_SECONDS + " s; a restore from the last checkpoint commits them");
        }
    }
}
