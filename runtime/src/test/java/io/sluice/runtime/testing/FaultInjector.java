package io.sluice.runtime.testing;

import java.io.Serializable;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fails tasks at random moments for recovery tests. Functions call {@link #step(int)} with their
 * site per record; a count of steps over all tasks and all runs of the job decides when the next
 * failure is due, and a seeded random site takes it — so failures land in random tasks at random
 * points, and the job always makes progress between them. Copied into tasks by value: the counters
 * live in a static registry under the injector's id.
 */
public final class FaultInjector implements Serializable {

    private record Plan(long[] failAt, int[] sites, AtomicLong steps, AtomicInteger next) {
    }

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    /** {@code failures} failures at random step counts below {@code span}, each at one of {@code sites} sites. */
    public FaultInjector(long seed, int failures, long span, int sites) {
        Random random = new Random(seed);
        long[] failAt = random.longs(failures, span / 20, span).sorted().toArray();
        int[] at = new int[failures];
        for (int i = 0; i < failures; i++) {
            at[i] = random.nextInt(sites);
        }
        PLANS.put(id, new Plan(failAt, at, new AtomicLong(), new AtomicInteger()));
    }

    /** Counts a step at {@code site}; throws when a failure is due there. */
    public void step(int site) {
        Plan p = PLANS.get(id);
        long n = p.steps().incrementAndGet();
        int next = p.next().get();
        if (next < p.failAt().length && n >= p.failAt()[next] && p.sites()[next] == site
                && p.next().compareAndSet(next, next + 1)) {
            throw new IllegalStateException("injected failure " + (next + 1) + " at site " + site + ", step " + n);
        }
    }

    /** Failures that have happened so far. */
    public int failuresInjected() {
        return PLANS.get(id).next().get();
    }
}
