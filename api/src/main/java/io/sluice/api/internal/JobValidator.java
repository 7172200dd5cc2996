package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.graph.UnionTransformation;
import io.sluice.api.state.State;
import io.sluice.api.windowing.WindowAssigner;

import java.lang.reflect.Field;

import java.util.HashMap;
import java.util.Map;

/** Finds job-building mistakes while the job is built, with messages that name the operator and the fix. */
public final class JobValidator {

    private JobValidator() {
    }

    /** Checks the whole job before it runs. */
    public static void validate(StreamEnvironment env) {
        if (env.transformations().isEmpty()) {
            throw new InvalidJobException("the job defines no operators: add a source and a sink");
        }
        int maxParallelism = env.maxParallelism();
        Map<String, Transformation<?>> uids = new HashMap<>();
        for (Transformation<?> t : env.transformations()) {
            if (t.isVirtual()) {
                if (t instanceof PartitionTransformation<?> p
                        && p.partitioning() == PartitionTransformation.Partitioning.FORWARD) {
                    checkForward(env, p);
                }
                continue;
            }
            int p = parallelismOf(env, t);
            if (p > maxParallelism) {
                throw new InvalidJobException("parallelism " + p + " exceeds maxParallelism " + maxParallelism
                        + " for operator '" + t.name() + "'; raise maxParallelism or lower the parallelism");
            }
            if (t.uid() != null) {
                Transformation<?> other = uids.put(t.uid(), t);
                if (other != null) {
                    throw new InvalidJobException("uid '" + t.uid() + "' is used by both operator '" + other.name()
                            + "' and operator '" + t.name() + "'; uids must be unique within a job");
                }
            }
            if (t instanceof OneInputTransformation<?, ?> o) {
                for (Object userObject : o.spec().userObjects()) {
                    UserObjects.checkCopyable(userObject, t.name());
                }
                refuseKeyedStateWithoutKeys(o);
                checkKeyTypes(o.input(), t.name());
                if (o.spec() instanceof OperatorSpec.SinkOp<?> sink) {
                    sink.sink().validate(env.config(), t.name());
                }
            } else if (t instanceof SourceTransformation<?> s) {
                UserObjects.checkCopyable(s.source(), t.name());
            }
        }
    }

    /**
     * A function that holds keyed state handles (fields of a {@link State} type) needs a keyed
     * input: refuse it on a stream that is not keyed, while the job is built rather than when the
     * function asks for its state.
     */
    private static void refuseKeyedStateWithoutKeys(OneInputTransformation<?, ?> t) {
        if (t.spec().isKeyed() || isKeyed(t.input())) {
            return;
        }
        for (Object userObject : t.spec().userObjects()) {
            for (Class<?> c = userObject.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (State.class.isAssignableFrom(f.getType())) {
                        throw new InvalidJobException("operator '" + t.name() + "' keeps keyed state (field '"
                                + f.getName() + "' of type " + f.getType().getSimpleName() + " in "
                                + userObject.getClass().getName() + "), but its input '" + t.input().name()
                                + "' is not keyed; call keyBy(...) before it");
                    }
                }
            }
        }
    }

    /**
     * Checks the key type of each keyBy that feeds {@code operatorName}, through unions, up to the
     * first partitioning on each path (the one closest to the consumer decides, as in planning).
     */
    private static void checkKeyTypes(Transformation<?> input, String operatorName) {
        if (input instanceof PartitionTransformation<?> p) {
            if (p.partitioning() == PartitionTransformation.Partitioning.HASH) {
                KeyTypes.checkDeclared(p.keySelector(), operatorName);
            }
        } else if (input instanceof UnionTransformation<?>) {
            for (Transformation<?> each : input.inputs()) {
                checkKeyTypes(each, operatorName);
            }
        }
    }

    private static boolean isKeyed(Transformation<?> input) {
        return input instanceof PartitionTransformation<?> p && p.partitioning() == PartitionTransformation.Partitioning.HASH;
    }

    /** The parallelism an operator will run with. */
    public static int parallelismOf(StreamEnvironment env, Transformation<?> t) {
        return t.parallelism() == Transformation.DEFAULT_PARALLELISM ? env.parallelism() : t.parallelism();
    }

    private static void checkForward(StreamEnvironment env, PartitionTransformation<?> forward) {
        for (Transformation<?> t : env.transformations()) {
            if (t instanceof OneInputTransformation<?, ?> o && o.input() == forward) {
                int up = parallelismOf(env, operatorBehind(forward.input()));
                int down = parallelismOf(env, t);
                if (up != down) {
                    throw new InvalidJobException("forward() connects operators of equal parallelism, but '"
                            + operatorBehind(forward.input()).name() + "' has " + up + " and '" + t.name() + "' has "
                            + down + "; use rebalance() or set equal parallelism");
                }
            }
        }
    }

    private static Transformation<?> operatorBehind(Transformation<?> t) {
        while (t.isVirtual() && t.inputs().size() == 1) {
            t = t.inputs().get(0);
        }
        return t;
    }

    /** A non-keyed ProcessFunction may not use timers: refuse one that overrides {@code onTimer}. */
    public static void refuseTimersOnNonKeyedStream(ProcessFunction<?, ?> function, Transformation<?> input) {
        for (Class<?> c = function.getClass(); c != ProcessFunction.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("onTimer", long.class, ProcessFunction.OnTimerContext.class, Collector.class);
                throw new InvalidJobException("the ProcessFunction " + function.getClass().getName() + " applied to '"
                        + operatorBehind(input).name() + "' overrides onTimer, but timers need a keyed stream: call keyBy(...) first"
                        + " and use a KeyedProcessFunction");
            } catch (NoSuchMethodException notOverriddenHere) {
                // keep looking up the hierarchy
            }
        }
    }

    /** Event-time windows need watermarks from upstream. */
    public static void requireWatermarksFor(WindowAssigner<?, ?> assigner, Transformation<?> input) {
        if (assigner.isEventTime() && !hasWatermarks(input)) {
            throw new InvalidJobException("event-time window " + assigner + " after '" + operatorBehind(input).name()
                    + "' has no watermarks upstream, so it would never fire before the end of input; give the"
                    + " source a WatermarkStrategy or call assignTimestampsAndWatermarks(...) before keyBy");
        }
    }

    private static boolean hasWatermarks(Transformation<?> t) {
        if (t instanceof SourceTransformation<?> s) {
            return s.watermarkStrategy().emitsWatermarks();
        }
        if (t instanceof OneInputTransformation<?, ?> o && o.spec() instanceof OperatorSpec.Watermarks<?> w) {
            return w.strategy().emitsWatermarks();
        }
        if (t instanceof UnionTransformation<?>) {
            return t.inputs().stream().allMatch(JobValidator::hasWatermarks);
        }
        return !t.inputs().isEmpty() && t.inputs().stream().allMatch(JobValidator::hasWatermarks);
    }
}
