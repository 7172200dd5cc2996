package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.EventSink;
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
        return new Writer(warmupSeconds < 0 ? new CountingConsumer() : new LatencyRecorder(warmupSeconds));
    }

    private static final class Writer implements SinkWriter<BenchEvent> {
        private final EventSink sink;
        private boolean finished;

        Writer(EventSink sink) {
            this.sink = sink;
        }

        @Override
        public void write(BenchEvent e, Context context) {
            sink.accept(e);
        }

        @Override
        public void flush(boolean endOfInput) {
            if (endOfInput && !finished) {
                finished = true;
                sink.finish();
            }
        }

        @Override
        public void close() {
        }
    }
}
