package io.sluice.runtime.testing;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A sink like a slow device: the writer hands elements to its own thread through a small bounded
 * queue, says {@code isReady() == false} while the queue is full, and the thread takes
 * {@code nanosPerElement} for each. It never blocks the worker.
 */
public final class SlowSink implements Sink<Long> {

    private static final Map<String, List<Long>> RECEIVED = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> MAX_QUEUED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final int queueCapacity;
    private final long nanosPerElement;

    public SlowSink(int queueCapacity, long nanosPerElement) {
        this.queueCapacity = queueCapacity;
        this.nanosPerElement = nanosPerElement;
        RECEIVED.put(id, new CopyOnWriteArrayList<>());
        MAX_QUEUED.put(id, new AtomicLong());
    }

    public List<Long> received() {
        return RECEIVED.get(id);
    }

    public long maxQueued() {
        return MAX_QUEUED.get(id).get();
    }

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
        ArrayBlockingQueue<Long> queue = new ArrayBlockingQueue<>(queueCapacity);
        List<Long> received = RECEIVED.get(id);
        AtomicLong maxQueued = MAX_QUEUED.get(id);
        Thread device = new Thread(() -> {
            try {
                while (true) {
                    Long v = queue.poll(10, TimeUnit.SECONDS);
                    if (v == null || v < 0) {
                        return;
                    }
                    LockSupport.parkNanos(nanosPerElement);
                    received.add(v);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slow-device-" + context.subtaskIndex());
        device.setDaemon(true);
        device.start();
        return new SinkWriter<>() {
            @Override
            public void write(Long element, long timestamp) {
                if (!queue.offer(element)) {
                    throw new IllegalStateException("write() called while the writer said it was not ready");
                }
                maxQueued.accumulateAndGet(queue.size(), Math::max);
            }

            @Override
            public boolean isReady() {
                return queue.remainingCapacity() > 0;
            }

            @Override
            public void flush(boolean endOfInput) {
                // the device drains on its own; the test waits for it
            }

            @Override
            public void close() throws InterruptedException {
                queue.put(-1L);
                device.join(10_000);
            }
        };
    }
}
