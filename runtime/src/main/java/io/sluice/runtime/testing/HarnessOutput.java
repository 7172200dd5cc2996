package io.sluice.runtime.testing;

import io.sluice.api.OutputTag;
import io.sluice.runtime.operators.Output;
import io.sluice.runtime.time.OutputGate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output of an operator under an {@link OperatorHarness}: records everything the operator
 * emits, and is the gate the operator asks whether its output is full. The test's thread only.
 *
 * <p>The gate is open by default. With {@code blockEveryOtherCall} it reports "blocked" at the first
 * check after each emission, as if the output had room for one record and were emptied whenever the
 * operator paused: while every step emits, every other check is blocked. Why not simply every
 * other check: an operator may check twice in a row without working in between (the timer service
 * checks before polling its wheel and again before each expiry), and strict alternation can then
 * block the second check forever. Blocking only after an emission makes progress certain: between
 * two blocked answers the operator has done at least one step of real work.
 */
final class HarnessOutput<T> implements Output<T>, OutputGate {

    private final boolean blockEveryOtherCall;
    private final List<StreamRecord<T>> main = new ArrayList<>();
    private final Map<OutputTag<?>, List<StreamRecord<?>>> side = new LinkedHashMap<>();
    private boolean emittedSinceBlocked;
    private boolean reportedBlocked;

    HarnessOutput(boolean blockEveryOtherCall) {
        this.blockEveryOtherCall = blockEveryOtherCall;
    }

    @Override
    public void collect(T value, long timestamp) {
        main.add(new StreamRecord<>(value, timestamp));
        emittedSinceBlocked = true;
    }

    @Override
    public <X> void collect(OutputTag<X> tag, X value, long timestamp) {
        side.computeIfAbsent(tag, t -> new ArrayList<>()).add(new StreamRecord<>(value, timestamp));
        emittedSinceBlocked = true;
    }

    @Override
    public boolean isBlocked() {
        if (blockEveryOtherCall && emittedSinceBlocked) {
            emittedSinceBlocked = false;
            reportedBlocked = true;
            return true;
        }
        return false;
    }

    /** Starts watching one call into the operator; see {@link #reportedBlockedSinceMark()}. */
    void markCall() {
        reportedBlocked = false;
    }

    /** True when the gate answered "blocked" since {@link #markCall()}: the only excuse for a pause. */
    boolean reportedBlockedSinceMark() {
        return reportedBlocked;
    }

    List<StreamRecord<T>> main() {
        return main;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    <X> List<StreamRecord<X>> side(OutputTag<X> tag) {
        List<StreamRecord<?>> records = side.get(tag);
        return records == null ? List.of() : (List) records;
    }
}
