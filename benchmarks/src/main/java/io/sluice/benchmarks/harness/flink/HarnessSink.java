package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.LatencyRecorder;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The harness sinks as Sink V2: one writer per subtask holding a {@link CountingConsumer} (W1, W2)
 * or a {@link LatencyRecorder} (W3, W4), finished exactly once when the subtask's input ends
 * ({@code flush(true)}); a writer closed without reaching the end of its input (failure,
 * cancellation) publishes nothing.
 */
public final class HarnessSink implements Sink<BenchEvent> {

    private static final long serialVersionUID = 1L;

    /** -1 for a counting sink, else the warm-up of a latency sink in seconds. */
    private final int warmupSeconds;

    private HarnessSink(int warmupSeconds) {
        this.warmupSeconds = warmupSeconds;
    }

    public static HarnessSink counting() {
        return new HarnessSink(-1);
    }

    public static HarnessSink latency(int warmupSeconds) {
        if (warmupSeconds < 0) {
            throw new IllegalArgumentException("warm-up must not be negative, was " + warmupSeconds);
        }
        return new HarnessSink(warmupSeconds);
    }

    @Override
    public SinkWriter<BenchEvent> createWriter(WriterInitContext context) {
        return warmupSeconds < 0 ? new CountingWriter() : new LatencyWriter(new LatencyRecorder(warmupSeconds));
    }

    private static final class CountingWriter implements SinkWriter<BenchEvent> {
        private final CountingConsumer consumer = new CountingConsumer();
        private boolean finished;

        @Override
        public void write(BenchEvent e, Context context) {
            consumer.accept(e);
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput && !finished) {
                finished = true;
                consumer.finish();
            }
        }

        @Override
        public void close() {
        }
    }

    private static final class LatencyWriter implements SinkWriter<BenchEvent> {
        private final LatencyRecorder recorder;
        private boolean finished;

        LatencyWriter(LatencyRecorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public void write(BenchEvent e, Context context) {
            recorder.accept(e);
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput && !finished) {
                finished = true;
                recorder.finish();
            }
        }

        @Override
        public void close() {
        }
    }
}
