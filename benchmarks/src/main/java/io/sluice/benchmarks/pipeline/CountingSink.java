package io.sluice.benchmarks.pipeline;

import io.sluice.api.connector.Sink;
import io.sluice.api.connector.SinkContext;
import io.sluice.api.connector.SinkWriter;

import java.util.concurrent.atomic.LongAdder;

/** Consumes every element (folding it into a checksum so nothing can be optimised away) and counts. */
public final class CountingSink<T> implements Sink<T> {

    static final LongAdder COUNT = new LongAdder();
    static final LongAdder CHECKSUM = new LongAdder();

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        return new SinkWriter<>() {
            private long count;
            private long checksum;

            @Override
            public void write(T element, long timestamp) {
                count++;
                checksum += element.hashCode();
            }

            @Override
            public void close() {
                COUNT.add(count);
                CHECKSUM.add(checksum);
            }
        };
    }
}
