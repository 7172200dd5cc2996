package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.LatencyRecorder;

/** The harness sinks as Sluice sinks: each subtask's writer feeds its own consumer and finishes it at end of input. */
final class HarnessSinks {

    private HarnessSinks() {
    }

    static Sink<BenchEvent> counting() {
        return (SinkContext context) -> new SinkWriter<>() {
            private final CountingConsumer consumer = new CountingConsumer();

            @Override
            public void write(BenchEvent element, long timestamp) {
                consumer.accept(element);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    consumer.finish();
                }
            }
        };
    }

    static Sink<BenchEvent> latency(int warmupSeconds) {
        return (SinkContext context) -> new SinkWriter<>() {
            private final LatencyRecorder recorder = new LatencyRecorder(warmupSeconds);

            @Override
            public void write(BenchEvent element, long timestamp) {
                recorder.accept(element);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    recorder.finish();
                }
            }
        };
    }
}
