package io.sluice.api;

import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.internal.IntervalJoinFunction;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.serialization.TypeSerializer;

import java.util.Objects;

/**
 * An interval join with its bounds (Flink's {@code KeyedStream.IntervalJoined}), waiting for the
 * {@link ProcessJoinFunction} that gets each matching pair.
 *
 * <p>Each side's elements wait in keyed state until the watermark passes the last time a partner
 * could arrive, then go. An element at or behind the watermark is late and joins nothing: it goes
 * to {@link #sideOutputLeftLateData} / {@link #sideOutputRightLateData} when set, otherwise it is
 * dropped and counted in the operator's dropped records.
 */
public final class IntervalJoined<T1, T2, K> {

    private final KeyedStream<K, T1> left;
    private final KeyedStream<K, T2> right;
    private final long lowerBoundMs;
    private final long upperBoundMs;
    private boolean lowerBoundExclusive;
    private boolean upperBoundExclusive;
    private OutputTag<T1> leftLateDataTag;
    private OutputTag<T2> rightLateDataTag;

    IntervalJoined(KeyedStream<K, T1> left, KeyedStream<K, T2> right, long lowerBoundMs, long upperBoundMs) {
        this.left = left;
        this.right = right;
        this.lowerBoundMs = lowerBoundMs;
        this.upperBoundMs = upperBoundMs;
    }

    /** Excludes the lower bound: a pair exactly {@code lowerBound} apart does not match. */
    public IntervalJoined<T1, T2, K> lowerBoundExclusive() {
        lowerBoundExclusive = true;
        return this;
    }

    /** Excludes the upper bound: a pair exactly {@code upperBound} apart does not match. */
    public IntervalJoined<T1, T2, K> upperBoundExclusive() {
        upperBoundExclusive = true;
        return this;
    }

    /** Sends left elements that arrive at or behind the watermark to the side output {@code tag}. */
    public IntervalJoined<T1, T2, K> sideOutputLeftLateData(OutputTag<T1> tag) {
        leftLateDataTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    /** Sends right elements that arrive at or behind the watermark to the side output {@code tag}. */
    public IntervalJoined<T1, T2, K> sideOutputRightLateData(OutputTag<T2> tag) {
        rightLateDataTag = Objects.requireNonNull(tag, "tag");
        return this;
    }

    /**
     * Calls {@code function} for every pair. Both inputs must have watermarks upstream and keys of
     * one type.
     */
    public <OUT> DataStream<OUT> process(ProcessJoinFunction<T1, T2, OUT> function) {
        Objects.requireNonNull(function, "function");
        String what = "the interval join " + function.getClass().getName();
        JobValidator.requireSameKeyType(left.keySelector(), right.keySelector(), what);
        JobValidator.requireEventTime(what, "left", left.transformation());
        JobValidator.requireEventTime(what, "right", right.transformation());
        long lower = lowerBoundExclusive ? lowerBoundMs + 1 : lowerBoundMs;
        long upper = upperBoundExclusive ? upperBoundMs - 1 : upperBoundMs;
        if (lower > upper) {
            throw new IllegalArgumentException(what + " matches nothing: bounds " + lowerBoundMs + " .. "
                    + upperBoundMs + " ms with " + (lowerBoundExclusive ? "the lower " : "")
                    + (lowerBoundExclusive && upperBoundExclusive ? "and " : "")
                    + (upperBoundExclusive ? "the upper " : "") + "bound exclusive leave no time; widen them");
        }
        IntervalJoinFunction<K, T1, T2, OUT> join = new IntervalJoinFunction<>(function, lower, upper,
                serializerOf(left, "left"), serializerOf(right, "right"), leftLateDataTag, rightLateDataTag);
        TwoInputTransformation<T1, T2, OUT> t = new TwoInputTransformation<>(left.env.nextId(), "interval-join",
                left.transformation(), right.transformation(),
                new OperatorSpec.KeyedCoProcess<>(left.keySelector(), right.keySelector(), join));
        left.env.add(t);
        return new DataStream<>(left.env, t);
    }

    private static <T> TypeSerializer<T> serializerOf(DataStream<T> input, String side) {
        TypeSerializer<T> s = input.transformation().outputSerializer();
        return s != null ? s : Serializers.undeclared("the " + side + " elements of the interval join");
    }
}
