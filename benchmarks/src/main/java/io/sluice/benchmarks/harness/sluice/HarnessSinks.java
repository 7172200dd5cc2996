package io.sluice.benchmarks.harness.sluice;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;
import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.CountingConsumer;
import io.sluice.benchmarks.harness.EventSink;
import io.sluice.benchmarks.harness.LatencyRecorder;

import java.io.Serializable;
import java.util.function.Supplier;

/** The harness sinks as Sluice sinks: each subtask's writer feeds its own {@link EventSink} and finishes it at end of input. */
final class HarnessSinks {

    private HarnessSinks() {
    }

    /** A serializable supplier, since the sink is copied into the job. */
    private interface SinkSupplier extends Supplier<EventSink>, Serializable {
    }

    static Sink<BenchEvent> counting() {
        return of(CountingConsumer::new);
    }

    static Sink<BenchEvent> latency(int warmupSeconds) {
        return of(() -> new LatencyRecorder(warmupSeconds));
    }

    private static Sink<BenchEvent> of(SinkSupplier supplier) {
        return (SinkContext context) -> new SinkWriter<>() {
            private final EventSink sink = supplier.get();

            @Override
            public void write(BenchEvent element, long timestamp) {
                sink.accept(element);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput) {
                    sink.finish();
                }
            }
        };
    }
}
