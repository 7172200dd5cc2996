package io.sluice.benchmarks.harness.flink;

import io.sluice.benchmarks.harness.BenchEvent;

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
 * assigned to the reader of that subtask. {@link #throughput} emits {@code Generator.event} as fast
 * as it can (W1, W2); {@link #fixedRate} emits {@code Generator.fixedRateEvent} on the shared
 * schedule of {@code rate} events per second in all (W3, W4).
 */
public final class GeneratorSource implements Source<BenchEvent, GeneratorSplit, List<GeneratorSplit>> {

    private static final long serialVersionUID = 1L;

    private final long total;
    private final long keys;
    /** Events per second in all, or 0 for as fast as possible. */
    private final long rate;

    private GeneratorSource(long total, long keys, long rate) {
        if (total < 0 || keys < 1 || rate < 0) {
            throw new IllegalArgumentException("total " + total + ", keys " + keys + ", rate " + rate);
        }
        this.total = total;
        this.keys = keys;
        this.rate = rate;
    }

    public static GeneratorSource throughput(long total, long keys) {
        return new GeneratorSource(total, keys, 0);
    }

    public static GeneratorSource fixedRate(long total, long keys, long ratePerSecond) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
        }
        return new GeneratorSource(total, keys, ratePerSecond);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<BenchEvent, GeneratorSplit> createReader(SourceReaderContext context) {
        return new GeneratorSourceReader(keys, rate);
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
