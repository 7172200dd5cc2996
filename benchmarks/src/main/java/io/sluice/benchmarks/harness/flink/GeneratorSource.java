package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;
import io.sluice.benchmarks.harness.Generator;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.ArrayList;
import java.util.List;

/**
 * A bounded FLIP-27 source of the harness events: one {@link GeneratorSplit} per source subtask,
 * assigned to the reader of that subtask. {@link #throughput} emits {@code Generator.event} of the
 * workload's {@link Generator.Shape} as fast as it can (W1, W2, W5–W7); {@link #fixedRate} emits
 * {@code Generator.fixedRateEvent} on the shared schedule of {@code rate} events per second in all
 * (W3, W4).
 */
public final class GeneratorSource implements Source<BenchEvent, GeneratorSplit, List<GeneratorSplit>> {

    private static final long serialVersionUID = 1L;

    private final long total;
    private final long keys;
    /** Events per second in all, or 0 for as fast as possible. */
    private final long rate;
    private final Generator.Shape shape;

    private GeneratorSource(long total, long keys, long rate, Generator.Shape shape) {
        if (total < 0 || keys < 1 || rate < 0) {
            throw new IllegalArgumentException("total " + total + ", keys " + keys + ", rate " + rate);
        }
        this.total = total;
        this.keys = keys;
        this.rate = rate;
        this.shape = shape;
    }

    public static GeneratorSource throughput(long total, long keys) {
        return throughput(total, keys, Generator.Shape.ASCENDING);
    }

    public static GeneratorSource throughput(long total, long keys, Generator.Shape shape) {
        return new GeneratorSource(total, keys, 0, shape);
    }

    public static GeneratorSource fixedRate(long total, long keys, long ratePerSecond) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        return new GeneratorSource(total, keys, ratePerSecond, Generator.Shape.ASCENDING);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<BenchEvent, GeneratorSplit> createReader(SourceReaderContext context) {
        return new GeneratorSourceReader(keys, rate, shape);
    }

    @Override
    public SplitEnumerator<GeneratorSplit, List<GeneratorSplit>> createEnumerator(
            SplitEnumeratorContext<GeneratorSplit> context) {
        int parallelism = context.currentParallelism();
        List<GeneratorSplit> splits = new ArrayList<>(parallelism);
        for (int s = 0; s < parallelism; s++) {
            splits.add(new GeneratorSplit(s, parallelism, total, 0));
        }
        return new GeneratorSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<GeneratorSplit, List<GeneratorSplit>> restoreEnumerator(
            SplitEnumeratorContext<GeneratorSplit> context, List<GeneratorSplit> pending) {
        return new GeneratorSplitEnumerator(context, pending);
    }

    @Override
    public SimpleVersionedSerializer<GeneratorSplit> getSplitSerializer() {
        return GeneratorSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<GeneratorSplit>> getEnumeratorCheckpointSerializer() {
        return GeneratorSplit.ListSerializer.INSTANCE;
    }
}
