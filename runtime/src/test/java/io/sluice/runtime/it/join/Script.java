package io.sluice.runtime.it.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random script for {@link ScriptedSource}: phases of left and right elements of a few keys (one
 * only on the left, one only on the right), out of order, each phase closed by a watermark marker and its gate. After a gate, some elements are
 * late on purpose (at or behind the watermark, the watermark itself included) among on-time ones.
 * Knows the watermark each element meets: the last marker before it.
 */
final class Script {

    final List<Ev> events = new ArrayList<>();
    /** seq → the watermark the element meets ({@code Long.MIN_VALUE} before the first marker). */
    final Map<Integer, Long> arrivalWatermark = new HashMap<>();

    List<Ev> elements() {
        return events.stream().filter(Ev::isElement).toList();
    }

    long watermarkMetBy(Ev e) {
        return arrivalWatermark.get(e.seq());
    }

    /** Late for an operator that drops what is at or behind its watermark. */
    boolean isBehindWatermark(Ev e) {
        long wm = watermarkMetBy(e);
        return wm != Long.MIN_VALUE && e.ts() <= wm;
    }

    static Script random(Random r) {
        Script s = new Script();
        int keys = 1 + r.nextInt(5);
        int phases = 8 + r.nextInt(12);
        int span = 10 + r.nextInt(50);
        double lateShare = 0.05 + r.nextInt(3) * 0.05;
        long wm = Long.MIN_VALUE;
        long base = r.nextInt(100) - 50; // negative timestamps too
        int seq = 0;
        for (int p = 0; p < phases; p++) {
            int n = 10 + r.nextInt(60);
            for (int i = 0; i < n; i++) {
                // keys 0..keys-1 on both sides; key `keys` only on the left, `keys + 1` only on the right
                int key = r.nextInt(keys + 2);
                int kind = key == keys ? Ev.LEFT : key == keys + 1 ? Ev.RIGHT : r.nextBoolean() ? Ev.LEFT : Ev.RIGHT;
                long ts = wm != Long.MIN_VALUE && r.nextDouble() < lateShare
                        ? wm - r.nextInt(Math.max(1, span / 2)) // late, sometimes exactly at the watermark
                        : base + r.nextInt(span);
                Ev e = new Ev(kind, key, ts, seq++);
                s.events.add(e);
                s.arrivalWatermark.put(e.seq(), wm);
            }
            long next = base + r.nextInt(span);
            s.events.add(new Ev(Ev.MARKER, 0, next, seq++));
            s.events.add(new Ev(Ev.GATE, 0, next, seq++));
            wm = next;
            base = next + 1;
        }
        return s;
    }
}
