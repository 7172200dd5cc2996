package io.sluice.runtime.operators.async;

import io.sluice.api.functions.AsyncFunction;
import io.sluice.api.functions.AsyncRetryPredicate;
import io.sluice.api.functions.AsyncRetryStrategy;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.runtime.operators.UserFunctionOperator;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * Async I/O ({@code AsyncDataStream.orderedWait}/{@code unorderedWait}): up to {@code capacity}
 * requests in flight per subtask, none of them blocking the worker. Called on the task thread only,
 * except for the {@link Attempt}s, which the service completes from its own threads: they come back
 * through a many-to-one queue that this operator drains on the task thread, where every result is
 * emitted.
 *
 * <p>The task polls the operator through its processing-time hooks: {@link #hasDueProcessingTimers}
 * is true while completions wait in the queue, results wait for room in the output, or a timeout or
 * retry is due. While every slot is busy the operator is {@link #isBlocked blocked} and the task
 * takes no input (back-pressure); inputs that still arrive (several from one upstream call, or more
 * restored inputs than slots) wait in a backlog and are requested as slots free up.
 *
 * <p>Ordered mode emits results in input order. Unordered mode emits them as they complete, but
 * watermarks are held back ({@link WatermarkSegments}) and no result crosses one. Inputs not yet
 * emitted are the operator's checkpoint state and are requested again after a restore.
 */
public final class AsyncWaitOperator<IN, OUT> extends UserFunctionOperator<IN, OUT> {

    private final AsyncFunction<IN, OUT> function;
    private final long timeoutMs;
    private final int capacity;
    private final boolean ordered;
    private final AsyncRetryStrategy<OUT> retryStrategy;
    private final io.sluice.api.serialization.TypeSerializer<IN> inputSerializer;

    private Predicate<Collection<OUT>> retryOnResult;
    private Predicate<Throwable> retryOnError;
    private AsyncRequest<IN, OUT>[] slots;
    private ManyToOneConcurrentArrayQueue<Attempt<?>> completions;
    /** Ordered: occupied slots are {@code head, head+1, ...} (mod capacity), oldest first. */
    private int head;
    private int inFlight;
    /** Unordered: free slots (a stack) and slots done and in the oldest segment (a ring), ready to emit. */
    private int[] free;
    private int freeCount;
    private int[] ready;
    private int readyFirst;
    private int readyCount;
    private final Backlog backlog = new Backlog();
    private final WatermarkSegments segments = new WatermarkSegments();
    /** No timeout or retry is due before this (a lower bound: it may be early, never late). */
    private long nextWakeMs = Long.MAX_VALUE;
    /** Emitting stopped early (full output, or a watermark went first): go on at the next turn. */
    private boolean emitPending;
    private List<InFlightInputs.Input> restored = List.of();
    private InFlightInputs codec;

    public AsyncWaitOperator(OperatorSpec.Async<IN, OUT> spec) {
        super(spec.function());
        this.function = spec.function();
        this.timeoutMs = spec.timeoutMs();
        this.capacity = spec.capacity();
        this.ordered = spec.ordered();
        this.retryStrategy = spec.retryStrategy();
        this.inputSerializer = spec.inputSerializer();
    }

    private InFlightInputs codec() {
        if (codec == null) {
            ClassLoader loader = function.getClass().getClassLoader();
            codec = new InFlightInputs(inputSerializer, loader, context.operatorName());
        }
        return codec;
    }

    @Override
    protected void initializeOwnState(List<byte[]> items) throws Exception {
        List<InFlightInputs.Input> inputs = new ArrayList<>(items.size());
        for (byte[] item : items) {
            inputs.add(codec().read(item));
        }
        restored = inputs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        AsyncRetryPredicate<OUT> predicate = retryStrategy.getRetryPredicate();
        retryOnResult = predicate == null ? null : predicate.resultPredicate().orElse(null);
        retryOnError = predicate == null ? null : predicate.exceptionPredicate().orElse(null);
        slots = new AsyncRequest[capacity];
        free = new int[capacity];
        ready = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new AsyncRequest<>(i);
            free[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        completions = new ManyToOneConcurrentArrayQueue<>(capacity);
        super.open();
        List<InFlightInputs.Input> again = restored;
        restored = List.of();
        for (InFlightInputs.Input input : again) {
            processElement((IN) input.value(), input.timestamp()); // requested again, in their old order
        }
    }

    // ---- input ----------------------------------------------------------------------------------

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        long segment = segments.add();
        if (inFlight < capacity) {
            issue(value, timestamp, segment);
        } else {
            backlog.add(value, timestamp, segment);
        }
    }

    @Override
    public boolean isBlocked() {
        return inFlight >= capacity;
    }

    @Override
    public int processWatermark(long watermark) {
        if (segments.hold(watermark)) {
            return HOLD; // goes on once the results before it are emitted
        }
        currentWatermark = watermark;
        return FORWARD;
    }

    private void issue(IN value, long timestamp, long segment) throws Exception {
        AsyncRequest<IN, OUT> r;
        if (ordered) {
            r = slots[(head + inFlight) % capacity];
        } else {
            r = slots[free[--freeCount]];
        }
        inFlight++;
        r.input = value;
        r.timestamp = timestamp;
        r.segment = segment;
        r.attempts = 0;
        long nowMs = context.currentProcessingTime();
        // a timeout too long to add up counts as none
        r.deadlineMs = timeoutMs > 0 && timeoutMs < Long.MAX_VALUE - nowMs ? nowMs + timeoutMs : Long.MAX_VALUE;
        if (r.deadlineMs < nextWakeMs) {
            nextWakeMs = r.deadlineMs;
        }
        invoke(r);
    }

    private void invoke(AsyncRequest<IN, OUT> r) throws Exception {
        r.attempts++;
        r.state = AsyncRequest.INVOKED;
        Attempt<OUT> attempt = new Attempt<>(r, completions); // the one allocation a request needs
        r.attempt = attempt;
        function.asyncInvoke(r.input, attempt);
    }

    // ---- completions, timeouts, retries: on the task's processing-time hooks ----------------------

    @Override
    public boolean hasDueProcessingTimers(long nowMs) {
        // results held back by a full output wait quietly for room (the task idles meanwhile)
        return (emitPending && !context.outputGate().isBlocked()) || nowMs >= nextWakeMs || !completions.isEmpty();
    }

    @Override
    public boolean onProcessingTime(long nowMs) throws Exception {
        drainCompletions(nowMs);
        if (nowMs >= nextWakeMs) {
            timeoutsAndRetries(nowMs);
            drainCompletions(nowMs); // what timeout handlers completed right away
        }
        return emit();
    }

    private void drainCompletions(long nowMs) throws Exception {
        Attempt<?> a;
        while ((a = completions.poll()) != null) {
            completed(a, nowMs);
        }
    }

    @SuppressWarnings("unchecked")
    private void completed(Attempt<?> done, long nowMs) throws Exception {
        Attempt<OUT> a = (Attempt<OUT>) done;
        AsyncRequest<IN, OUT> r = (AsyncRequest<IN, OUT>) a.request;
        if (r.attempt != a) {
            return; // cannot happen: every slot has one awaited attempt and each attempt completes once
        }
        r.attempt = null;
        boolean timingOut = r.state == AsyncRequest.TIMING_OUT;
        if (a.error != null) {
            if (!timingOut && retryOnError != null && retryStrategy.canRetry(r.attempts) && retryOnError.test(a.error)) {
                retryLater(r, nowMs);
                return;
            }
            throw failure(r, a.error, timingOut);
        }
        if (!timingOut && retryOnResult != null && retryStrategy.canRetry(r.attempts) && retryOnResult.test(a.result)) {
            retryLater(r, nowMs);
            return;
        }
        r.result = a.result;
        r.state = AsyncRequest.DONE;
        if (!ordered && r.segment == segments.headSegment()) {
            pushReady(r.slot);
        }
    }

    private void retryLater(AsyncRequest<IN, OUT> r, long nowMs) {
        r.state = AsyncRequest.RETRY_WAIT;
        r.retryAtMs = nowMs + Math.max(0, retryStrategy.getBackoffTimeMillis(r.attempts));
        if (r.retryAtMs < nextWakeMs) {
            nextWakeMs = r.retryAtMs;
        }
    }

    /** Times out and retries what is due; finds the next time anything is due. O(capacity), at most once a ms. */
    private void timeoutsAndRetries(long nowMs) throws Exception {
        long next = Long.MAX_VALUE;
        for (AsyncRequest<IN, OUT> r : slots) {
            if (!r.isWaiting()) {
                continue;
            }
            if (r.deadlineMs <= nowMs) {
                timeOut(r);
                continue;
            }
            if (r.state == AsyncRequest.RETRY_WAIT) {
                if (r.retryAtMs <= nowMs) {
                    invoke(r);
                } else {
                    next = Math.min(next, r.retryAtMs);
                }
            }
            next = Math.min(next, r.deadlineMs);
        }
        nextWakeMs = next;
    }

    private void timeOut(AsyncRequest<IN, OUT> r) throws Exception {
        Attempt<OUT> attempt = r.attempt != null ? r.attempt : new Attempt<>(r, completions);
        r.attempt = attempt;
        r.state = AsyncRequest.TIMING_OUT;
        function.timeout(r.input, attempt); // first completion wins: the service's late answer or this
    }

    private AsyncRequestFailedException failure(AsyncRequest<IN, OUT> r, Throwable error, boolean timedOut) {
        String what = timedOut
                ? "timed out after " + timeoutMs + " ms and AsyncFunction.timeout failed it"
                : "failed after " + r.attempts + (r.attempts == 1 ? " attempt" : " attempts");
        String fix = timedOut
                ? "raise the timeout, or override AsyncFunction.timeout to complete the ResultFuture with a fallback"
                : retryStrategy.canRetry(1)
                ? "allow more attempts in the retry strategy, or complete the ResultFuture with a fallback"
                : "give the operator a retry strategy (AsyncDataStream.orderedWait/unorderedWait with"
                + " AsyncRetryStrategies.fixedDelay or exponentialBackoff), or complete the ResultFuture with a fallback";
        return new AsyncRequestFailedException("the async request for input " + describe(r.input) + " " + what + ": "
                + error + "; " + fix, error);
    }

    private static String describe(Object input) {
        String s = String.valueOf(input);
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }

    // ---- emitting ---------------------------------------------------------------------------------

    /**
     * Emits what may go: ordered, the oldest requests while they are done; unordered, every done
     * request of the oldest segment; then the held watermark once its segment is empty. False when it
     * stopped early: the output is full, or a watermark was emitted (it must reach the end of the
     * chain, which may pause to fire timers, before anything follows it).
     */
    private boolean emit() throws Exception {
        emitPending = false;
        while (true) {
            if (segments.watermarkDue()) {
                if (context.outputGate().isBlocked()) {
                    emitPending = true;
                    return false;
                }
                long watermark = segments.release();
                currentWatermark = watermark;
                if (!ordered) {
                    collectReady();
                }
                context.watermarkEmitter().emitWatermark(watermark);
                emitPending = true;
                return false;
            }
            AsyncRequest<IN, OUT> r = nextToEmit();
            if (r == null) {
                return true;
            }
            if (context.outputGate().isBlocked()) {
                emitPending = true;
                return false;
            }
            if (!ordered) {
                readyFirst = (readyFirst + 1) % capacity;
                readyCount--;
            }
            emitResults(r);
            release(r);
        }
    }

    private AsyncRequest<IN, OUT> nextToEmit() {
        if (ordered) {
            if (inFlight == 0) {
                return null;
            }
            AsyncRequest<IN, OUT> oldest = slots[head];
            return oldest.state == AsyncRequest.DONE ? oldest : null;
        }
        return readyCount == 0 ? null : slots[ready[readyFirst]];
    }

    @SuppressWarnings("unchecked")
    private void emitResults(AsyncRequest<IN, OUT> r) throws Exception {
        Collection<OUT> result = r.result;
        long timestamp = r.timestamp;
        if (result instanceof List<?> list && result instanceof RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) { // no iterator for the common single-element list
                output.collect((OUT) list.get(i), timestamp);
            }
        } else {
            for (OUT out : result) {
                output.collect(out, timestamp);
            }
        }
    }

    /** Frees the slot of an emitted request and gives it to the oldest input of the backlog. */
    @SuppressWarnings("unchecked")
    private void release(AsyncRequest<IN, OUT> r) throws Exception {
        segments.emitted(r.segment);
        r.clear();
        inFlight--;
        if (ordered) {
            head = (head + 1) % capacity;
        } else {
            free[freeCount++] = r.slot;
        }
        if (!backlog.isEmpty()) {
            long timestamp = backlog.headTimestamp();
            long segment = backlog.headSegment();
            issue((IN) backlog.poll(), timestamp, segment);
        }
    }

    private void pushReady(int slot) {
        ready[(readyFirst + readyCount) % capacity] = slot;
        readyCount++;
    }

    /** Unordered: the oldest segment changed; its requests already done become ready. */
    private void collectReady() {
        long segment = segments.headSegment();
        for (AsyncRequest<IN, OUT> r : slots) {
            if (r.state == AsyncRequest.DONE && r.segment == segment) {
                pushReady(r.slot);
            }
        }
    }

    // ---- end of input, checkpoints, close ------------------------------------------------------------

    /** Waits (resumably) until every request is answered and emitted, and every held watermark has gone on. */
    @Override
    public boolean finish() throws Exception {
        if (!onProcessingTime(context.currentProcessingTime())) {
            return false;
        }
        return inFlight == 0 && !segments.holdsWatermarks();
    }

    /** The inputs whose results are not yet emitted, oldest first. */
    @Override
    protected List<byte[]> snapshotOwnState(long checkpointId) throws Exception {
        List<byte[]> items = new ArrayList<>(inFlight + backlog.size());
        for (int k = 0; k < capacity; k++) {
            AsyncRequest<IN, OUT> r = slots[ordered ? (head + k) % capacity : k];
            if (r.state != AsyncRequest.FREE) {
                items.add(codec().write(r.input, r.timestamp));
            }
        }
        for (int k = 0; k < backlog.size(); k++) {
            items.add(codec().write(backlog.value(k), backlog.timestamp(k)));
        }
        return items;
    }

    @Override
    public void close() throws Exception {
        if (slots != null) {
            for (AsyncRequest<IN, OUT> r : slots) {
                r.clear();
            }
        }
        super.close();
    }
}
