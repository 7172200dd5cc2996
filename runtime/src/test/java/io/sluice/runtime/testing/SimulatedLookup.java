package io.sluice.runtime.testing;

import io.sluice.api.functions.AsyncFunction;
import io.sluice.api.functions.ResultFuture;
import io.sluice.api.functions.RuntimeContext;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An async function over a simulated remote service: a thread pool answers each input {@code v}
 * with {@code "r" + v} after a random delay, from its own threads. It can fail the first attempts
 * of some inputs, answer some with an empty result first, fail one input always, or never answer
 * some; and it records what a service would see: the most requests one subtask had open at once,
 * and every input it was asked for. Copied into subtasks by value: what it records lives in a
 * static registry under its id.
 */
public final class SimulatedLookup implements AsyncFunction<Long, String> {

    private static final ScheduledExecutorService SERVICE = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "simulated-service");
        t.setDaemon(true);
        return t;
    });

    private record Stats(AtomicInteger maxOpen, Map<Long, AtomicInteger> attempts, Set<Long> asked, AtomicLong calls) {
    }

    private static final Map<String, Stats> STATS = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private int minDelayMicros;
    private int maxDelayMicros = 2_000;
    private long failModulo;
    private int failAttempts;
    private long emptyModulo;
    private long alwaysFailing = -1;
    private long silentModulo;
    private long silentRemainder;
    private String fallbackPrefix;
    private FaultInjector faults;
    private transient AtomicInteger open;

    public SimulatedLookup() {
        STATS.put(id, new Stats(new AtomicInteger(), new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(),
                new AtomicLong()));
    }

    /** Answers after a random delay in [min, max] microseconds. */
    public SimulatedLookup delays(int minMicros, int maxMicros) {
        this.minDelayMicros = minMicros;
        this.maxDelayMicros = maxMicros;
        return this;
    }

    /** Inputs divisible by {@code modulo} fail their first {@code attempts} attempts. */
    public SimulatedLookup failingFirst(int attempts, long modulo) {
        this.failAttempts = attempts;
        this.failModulo = modulo;
        return this;
    }

    /** Inputs divisible by {@code modulo} get an empty result at their first attempt. */
    public SimulatedLookup emptyFirst(long modulo) {
        this.emptyModulo = modulo;
        return this;
    }

    /** Input {@code value} fails at every attempt. */
    public SimulatedLookup alwaysFailing(long value) {
        this.alwaysFailing = value;
        return this;
    }

    /** Inputs {@code v} with {@code v % modulo == remainder} are never answered. */
    public SimulatedLookup silentFor(long modulo, long remainder) {
        this.silentModulo = modulo;
        this.silentRemainder = remainder;
        return this;
    }

    /** On timeout, answers {@code prefix + v} instead of failing. */
    public SimulatedLookup fallbackOnTimeout(String prefix) {
        this.fallbackPrefix = prefix;
        return this;
    }

    /** A failure injected at site 0 of {@code faults} fails the request (on a service thread). */
    public SimulatedLookup withFaults(FaultInjector faults) {
        this.faults = faults;
        return this;
    }

    @Override
    public void open(RuntimeContext context) {
        open = new AtomicInteger();
    }

    @Override
    public void asyncInvoke(Long input, ResultFuture<String> resultFuture) {
        Stats stats = STATS.get(id);
        stats.calls().incrementAndGet();
        stats.asked().add(input);
        int attempt = stats.attempts().computeIfAbsent(input, k -> new AtomicInteger()).incrementAndGet();
        if (silentModulo > 0 && input % silentModulo == silentRemainder) {
            return; // never answered: only the timeout ends it
        }
        int now = open.incrementAndGet();
        stats.maxOpen().accumulateAndGet(now, Math::max);
        long delay = minDelayMicros + ThreadLocalRandom.current().nextInt(maxDelayMicros - minDelayMicros + 1);
        SERVICE.schedule(() -> answer(input, attempt, resultFuture), delay, TimeUnit.MICROSECONDS);
    }

    private void answer(long input, int attempt, ResultFuture<String> resultFuture) {
        open.decrementAndGet(); // before the answer: the operator may ask again as soon as it has it
        try {
            if (faults != null) {
                faults.step(0);
            }
        } catch (IllegalStateException injected) {
            resultFuture.completeExceptionally(injected);
            return;
        }
        if (input == alwaysFailing || (failModulo > 0 && input % failModulo == 0 && attempt <= failAttempts)) {
            resultFuture.completeExceptionally(new IOException("service unavailable for " + input + " (attempt "
                    + attempt + ")"));
        } else if (emptyModulo > 0 && input % emptyModulo == 0 && attempt == 1) {
            resultFuture.complete(List.of());
        } else {
            resultFuture.complete(List.of("r" + input));
        }
    }

    @Override
    public void timeout(Long input, ResultFuture<String> resultFuture) throws Exception {
        if (fallbackPrefix != null) {
            resultFuture.complete(List.of(fallbackPrefix + input));
        } else {
            AsyncFunction.super.timeout(input, resultFuture);
        }
    }

    /** The most requests one subtask had open at the service at once. */
    public int maxOpenRequests() {
        return STATS.get(id).maxOpen().get();
    }

    /** Every input the service was asked for (any attempt, any run). */
    public Set<Long> asked() {
        return Set.copyOf(STATS.get(id).asked());
    }

    /** Attempts for {@code input} so far. */
    public int attempts(long input) {
        AtomicInteger n = STATS.get(id).attempts().get(input);
        return n == null ? 0 : n.get();
    }

    public long calls() {
        return STATS.get(id).calls().get();
    }
}
