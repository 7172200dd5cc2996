package io.sluice.api.windowing;

import io.sluice.api.serialization.TypeSerializer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A window of time {@code [start, end)}. */
public final class TimeWindow extends Window {

    private final long start;
    private final long end;

    public TimeWindow(long start, long end) {
        this.start = start;
        this.end = end;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    @Override
    public long maxTimestamp() {
        return end - 1;
    }

    public boolean intersects(TimeWindow other) {
        return start <= other.end && end >= other.start;
    }

    public TimeWindow cover(TimeWindow other) {
        return new TimeWindow(Math.min(start, other.start), Math.max(end, other.end));
    }

    /** The start of the window of {@code size} (shifted by {@code offset}) that holds {@code timestamp}. */
    public static long windowStart(long timestamp, long offset, long size) {
        long remainder = (timestamp - offset) % size;
        return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
    }

    /** Merges overlapping windows, as session windows need. */
    public static void mergeWindows(Collection<TimeWindow> windows, MergingWindowAssigner.MergeCallback<TimeWindow> c) {
        List<TimeWindow> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparingLong(TimeWindow::start));
        List<TimeWindow> group = new ArrayList<>();
        TimeWindow cover = null;
        for (TimeWindow w : sorted) {
            if (cover == null) {
                cover = w;
                group.add(w);
            } else if (cover.intersects(w)) {
                cover = cover.cover(w);
                group.add(w);
            } else {
                if (group.size() > 1) {
                    c.merge(group, cover);
                }
                group = new ArrayList<>();
                group.add(w);
                cover = w;
            }
        }
        if (group.size() > 1) {
            c.merge(group, cover);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow w && w.start == start && w.end == end;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(start) * 31 + Long.hashCode(end);
    }

    @Override
    public String toString() {
        return "TimeWindow[" + start + ", " + end + ")";
    }

    /** Writes start and end as two longs. */
    public static final TypeSerializer<TimeWindow> SERIALIZER = new TypeSerializer<>() {
        @Override
        public void serialize(TimeWindow w, DataOutput out) throws IOException {
            out.writeLong(w.start);
            out.writeLong(w.end);
        }

        @Override
        public TimeWindow deserialize(DataInput in) throws IOException {
            return new TimeWindow(in.readLong(), in.readLong());
        }

        @Override
        public String typeName() {
            return "TimeWindow";
        }
    };
}
