package io.sluice.runtime.operators.window;

import io.sluice.runtime.operators.window.WindowTestSupport.Ev;
import io.sluice.runtime.operators.window.WindowTestSupport.WindowId;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A brute-force model of event-time windows with the default event-time trigger, replaying an
 * input list (events and watermark markers) in order, independent of the code under test:
 *
 * <ul>
 *   <li>the watermark is the highest marker seen so far; an event meets the watermark of the
 *       markers before it in the list;</li>
 *   <li>an event joins each of its windows whose end-of-lateness ({@code maxTimestamp +
 *       allowedLateness}, saturating) is still above the watermark; if it joins none and its own
 *       timestamp plus the allowed lateness is at or below the watermark, it is late and goes to
 *       the side output (an element of no window that is not behind the watermark goes nowhere);</li>
 *   <li>a window fires (with everything it holds) when the watermark first reaches its max
 *       timestamp, and again at once for every element that joins it after that;</li>
 *   <li>a window is dropped when the watermark reaches its end-of-lateness;</li>
 *   <li>at the end of input the watermark becomes {@code Long.MAX_VALUE}, so every window that has
 *       not fired yet fires.</li>
 * </ul>
 *
 * Session windows are modelled as intervals {@code [ts, ts + gap)} merged with every live
 * interval of the key they overlap or touch.
 */
final class EventTimeOracle {

    /**
     * What a replay expects: the contents of each firing by window (in firing order), the late
     * events, and how many events bridged two or more live sessions (to see that merging was tested).
     */
    record Expected(Map<WindowId, List<List<Ev>>> firings, List<Ev> late, int bridges) {

        /** The results of the firings, computed with {@code result} from each firing's contents. */
        Map<WindowId, List<Object>> results(Function<List<Ev>, Object> result) {
            Map<WindowId, List<Object>> out = new LinkedHashMap<>();
            firings.forEach((w, contents) -> out.put(w, contents.stream().map(result).toList()));
            return out;
        }

        int firingCount() {
            int n = 0;
            for (List<List<Ev>> f : firings.values()) {
                n += f.size();
            }
            return n;
        }
    }

    /** The windows {@code [start, end)} that hold a timestamp. */
    interface Windows {
        List<long[]> of(long ts);
    }

    static Windows tumbling(long size, long offset) {
        return ts -> {
            long start = Math.floorDiv(ts - offset, size) * size + offset;
            return List.of(new long[] {start, start + size});
        };
    }

    /** Every window {@code [k * slide, k * slide + size)} holding the timestamp, found by trying them all. */
    static Windows sliding(long size, long slide) {
        return ts -> {
            List<long[]> windows = new ArrayList<>();
            for (long k = Math.floorDiv(ts - size, slide) - 1; k <= Math.floorDiv(ts, slide) + 1; k++) {
                long start = k * slide;
                if (start <= ts && ts < start + size) {
                    windows.add(new long[] {start, start + size});
                }
            }
            return windows;
        };
    }

    private EventTimeOracle() {
    }

    private static final class Live {
        final WindowId id;
        final List<Ev> contents = new ArrayList<>();

        Live(WindowId id) {
            this.id = id;
        }

        long maxTimestamp() {
            return id.end() - 1;
        }
    }

    private static long endOfLateness(long maxTimestamp, long allowedLatenessMs) {
        long end = maxTimestamp + allowedLatenessMs;
        return end < maxTimestamp ? Long.MAX_VALUE : end; // saturates instead of overflowing
    }

    /**
     * What a firing does with a window's contents: returns what the window function sees, and may
     * remove elements from {@code contents} for good (a model of an evictor). A firing that sees
     * nothing emits nothing.
     */
    interface Firing {
        List<Ev> fire(List<Ev> contents);
    }

    /** A window without evictor: the function sees everything, nothing is removed. */
    static final Firing KEEP_ALL = List::copyOf;

    private static void fire(Map<WindowId, List<List<Ev>>> firings, Live w, Firing firing) {
        List<Ev> seen = firing.fire(w.contents);
        if (!seen.isEmpty()) {
            firings.computeIfAbsent(w.id, k -> new ArrayList<>()).add(seen);
        }
    }

    /** Replays {@code input} through fixed (tumbling or sliding) windows. */
    static Expected fixed(List<Ev> input, Windows windows, long allowedLatenessMs) {
        return fixed(input, windows, allowedLatenessMs, KEEP_ALL);
    }

    /** Replays {@code input} through fixed windows whose firings do {@code firing} (an evictor). */
    static Expected fixed(List<Ev> input, Windows windows, long allowedLatenessMs, Firing firing) {
        Map<WindowId, List<List<Ev>>> firings = new LinkedHashMap<>();
        List<Ev> late = new ArrayList<>();
        Map<WindowId, Live> live = new LinkedHashMap<>();
        long watermark = Long.MIN_VALUE;
        for (Ev e : input) {
            if (e.marker()) {
                if (e.ts() > watermark) {
                    watermark = advance(live.values(), firings, watermark, e.ts(), allowedLatenessMs, firing);
                }
                continue;
            }
            boolean joined = false;
            for (long[] w : windows.of(e.ts())) {
                WindowId id = new WindowId(e.key(), w[0], w[1]);
                if (endOfLateness(id.end() - 1, allowedLatenessMs) <= watermark) {
                    continue; // this window is gone (or was never kept)
                }
                joined = true;
                Live window = live.computeIfAbsent(id, Live::new);
                window.contents.add(e);
                if (window.maxTimestamp() <= watermark) {
                    fire(firings, window, firing); // a late element within the allowed lateness
                }
            }
            if (!joined && endOfLateness(e.ts(), allowedLatenessMs) <= watermark) {
                late.add(e); // in no window (all gone, or none at all) and behind the watermark
            }
        }
        advance(live.values(), firings, watermark, Long.MAX_VALUE, allowedLatenessMs, firing);
        return new Expected(firings, late, 0);
    }

    /** Fires the windows whose max timestamp the watermark passes, then drops those past their lateness. */
    private static long advance(Iterable<Live> live, Map<WindowId, List<List<Ev>>> firings, long from, long to,
                                long allowedLatenessMs, Firing firing) {
        for (Iterator<Live> it = live.iterator(); it.hasNext(); ) {
            Live w = it.next();
            if (w.maxTimestamp() > from && w.maxTimestamp() <= to) {
                fire(firings, w, firing);
            }
            if (endOfLateness(w.maxTimestamp(), allowedLatenessMs) <= to) {
                it.remove();
            }
        }
        return to;
    }

    /** Replays {@code input} through session windows of {@code gapMs}. */
    static Expected sessions(List<Ev> input, long gapMs, long allowedLatenessMs) {
        return sessions(input, gapMs, allowedLatenessMs, KEEP_ALL);
    }

    /** Replays {@code input} through session windows whose firings do {@code firing} (an evictor). */
    static Expected sessions(List<Ev> input, long gapMs, long allowedLatenessMs, Firing firing) {
        Map<WindowId, List<List<Ev>>> firings = new LinkedHashMap<>();
        List<Ev> late = new ArrayList<>();
        Map<Integer, List<Live>> liveByKey = new LinkedHashMap<>();
        List<Live> all = new ArrayList<>();
        int bridges = 0;
        long watermark = Long.MIN_VALUE;
        for (Ev e : input) {
            if (e.marker()) {
                if (e.ts() > watermark) {
                    watermark = advance(all, firings, watermark, e.ts(), allowedLatenessMs, firing);
                    for (List<Live> l : liveByKey.values()) {
                        l.retainAll(all);
                    }
                }
                continue;
            }
            List<Live> live = liveByKey.computeIfAbsent(e.key(), k -> new ArrayList<>());
            long start = e.ts();
            long end = e.ts() + gapMs;
            List<Live> absorbed = new ArrayList<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Live s : live) {
                    if (!absorbed.contains(s) && s.id.start() <= end && s.id.end() >= start) {
                        absorbed.add(s);
                        start = Math.min(start, s.id.start());
                        end = Math.max(end, s.id.end());
                        grew = true;
                    }
                }
            }
            if (absorbed.isEmpty() && endOfLateness(end - 1, allowedLatenessMs) <= watermark) {
                late.add(e);
                continue;
            }
            if (absorbed.size() > 1) {
                bridges++;
            }
            Live merged = new Live(new WindowId(e.key(), start, end));
            for (Live s : absorbed) {
                merged.contents.addAll(s.contents);
            }
            merged.contents.add(e);
            live.removeAll(absorbed);
            all.removeAll(absorbed);
            live.add(merged);
            all.add(merged);
            if (merged.maxTimestamp() <= watermark) {
                fire(firings, merged, firing);
            }
        }
        advance(all, firings, watermark, Long.MAX_VALUE, allowedLatenessMs, firing);
        return new Expected(firings, late, bridges);
    }
}
