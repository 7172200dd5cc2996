package io.sluice.benchmarks.harness.flink;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hands split {@code s} to reader {@code s} (modulo the current parallelism, should a restore ever
 * change it) when that reader registers, then tells the reader there is nothing more. Splits a
 * failed reader gives back wait here for its replacement; the unassigned splits are the checkpoint.
 */
final class GeneratorSplitEnumerator implements SplitEnumerator<GeneratorSplit, List<GeneratorSplit>> {

    private final SplitEnumeratorContext<GeneratorSplit> context;
    private final List<GeneratorSplit> pending;

    GeneratorSplitEnumerator(SplitEnumeratorContext<GeneratorSplit> context, List<GeneratorSplit> pending) {
        this.context = context;
        this.pending = new ArrayList<>(pending);
    }

    @Override
    public void start() {
    }

    @Override
    public void addReader(int subtask) {
        int parallelism = context.currentParallelism();
        for (Iterator<GeneratorSplit> it = pending.iterator(); it.hasNext(); ) {
            GeneratorSplit split = it.next();
            if (split.subtask() % parallelism == subtask) {
                context.assignSplit(split, subtask);
                it.remove();
            }
        }
        context.signalNoMoreSplits(subtask);
    }

    @Override
    public void addSplitsBack(List<GeneratorSplit> splits, int subtask) {
        pending.addAll(splits); // reassigned when the subtask's reader registers again
    }

    @Override
    public void handleSplitRequest(int subtask, String requesterHostname) {
        // splits are pushed on registration; readers never ask
    }

    @Override
    public List<GeneratorSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(pending);
    }

    @Override
    public void close() {
    }
}
