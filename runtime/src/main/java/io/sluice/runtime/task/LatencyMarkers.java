package io.sluice.runtime.task;

import io.sluice.api.metrics.LatencySnapshot;
import io.sluice.runtime.channel.RecordWriter;
import io.sluice.runtime.metrics.LatencyHistogram;

/**
 * Latency tracking of one task ({@code metrics.latency-interval} above 0; a task without it has no
 * instance of this class). A source task sends a marker every interval; any other task records the
 * age of each marker it receives and forwards it. Markers carry {@code System.nanoTime()}: every task
 * runs in one JVM, whose monotonic clock is shared by all threads and, unlike the wall clock, does
 * not jump when the system time is corrected. Task thread only, except {@link #snapshot}.
 *
 * <p>A marker goes to one output channel of the task, not to all of them, so that markers do not
 * multiply on the way (as in Flink): the (writer, channel) pairs of the task are taken in turn,
 * round robin. A task without outputs (a sink) only records.
 */
final class LatencyMarkers {

    /** What a marker carries besides its time: the source subtask that sent it. One per source subtask. */
    record Origin(String source, int subtask) {
        @Override
        public String toString() {
            return "latency marker of " + source + " (" + (subtask + 1) + ")";
        }
    }

    private final long intervalMs;
    /** Made once per source subtask: a marker allocates nothing. Null in other tasks. */
    private final Origin origin;
    /** Null in source tasks, which measure nothing: markers start there. */
    private final LatencyHistogram histogram;
    /** Every output channel of the task, flattened: writers[i], channel channels[i]. */
    private final RecordWriter[] writers;
    private final int[] channels;
    private int next;
    private long nextMarkerMs;

    private LatencyMarkers(long intervalMs, Origin origin, LatencyHistogram histogram, RecordWriter[] outputs) {
        this.intervalMs = intervalMs;
        this.origin = origin;
        this.histogram = histogram;
        int n = 0;
        for (RecordWriter w : outputs) {
            n += w.numberOfChannels();
        }
        this.writers = new RecordWriter[n];
        this.channels = new int[n];
        int i = 0;
        for (RecordWriter w : outputs) {
            for (int c = 0; c < w.numberOfChannels(); c++) {
                writers[i] = w;
                channels[i] = c;
                i++;
            }
        }
    }

    /** For a source subtask: sends markers every {@code intervalMs}. */
    static LatencyMarkers forSource(long intervalMs, String source, int subtask, RecordWriter[] outputs) {
        return new LatencyMarkers(intervalMs, new Origin(source, subtask), null, outputs);
    }

    /** For a task with inputs: records and forwards the markers it receives. */
    static LatencyMarkers forInputTask(RecordWriter[] outputs) {
        return new LatencyMarkers(0, null, new LatencyHistogram(), outputs);
    }

    /**
     * Source task, once per turn with the turn's clock: sends a marker when the interval is up. The
     * task calls it only between elements, with no watermark paused in its chain and its output not
     * back-pressured, so the marker goes out behind everything emitted before it.
     *
     * @return 1 if a marker went out, else 0
     */
    int maybeEmit(long nowMs) {
        if (nowMs < nextMarkerMs) {
            return 0;
        }
        nextMarkerMs = nowMs + intervalMs;
        if (writers.length == 0) {
            return 0; // the whole job is one chain: there is no channel to measure
        }
        forward(origin, System.nanoTime());
        return 1;
    }

    /** A marker came in: records its age (one clock read) and passes it on. */
    void onMarker(Object markerOrigin, long emittedNs) {
        histogram.record(System.nanoTime() - emittedNs);
        if (writers.length > 0) {
            forward(markerOrigin, emittedNs);
        }
    }

    private void forward(Object markerOrigin, long emittedNs) {
        int i = next;
        next = i + 1 == writers.length ? 0 : i + 1;
        writers[i].emitLatencyMarker(channels[i], markerOrigin, emittedNs);
    }

    /** Any thread: the latency of the markers received; null for a source task. */
    LatencySnapshot snapshot() {
        return histogram == null ? null : histogram.snapshot();
    }
}
