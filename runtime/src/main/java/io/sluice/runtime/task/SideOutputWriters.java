package io.sluice.runtime.task;

import io.sluice.api.OutputTag;
import io.sluice.runtime.channel.RecordWriter;

import java.util.Map;

/** The record writers of one operator's side outputs, by tag. Task thread only. */
final class SideOutputWriters {

    private final OperatorCounters counters;
    private final Map<OutputTag<?>, RecordWriter[]> writers;

    SideOutputWriters(OperatorCounters counters, Map<OutputTag<?>, RecordWriter[]> writers) {
        this.counters = counters;
        this.writers = writers;
    }

    <X> void collect(OutputTag<X> tag, X value, long timestamp) throws Exception {
        RecordWriter[] targets = writers.get(tag);
        if (targets == null) {
            counters.sideOutputDiscarded++; // nobody reads this side output: counted, not silent
            return;
        }
        for (RecordWriter w : targets) {
            w.emitRecord(value, timestamp);
        }
    }
}
