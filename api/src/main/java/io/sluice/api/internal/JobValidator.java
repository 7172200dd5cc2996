package io.sluice.api.internal;

import io.sluice.api.InvalidJobException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.CoProcessFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.ProcessFunction;
import io.sluice.api.graph.OneInputTransformation;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.graph.PartitionTransformation;
import io.sluice.api.graph.SourceTransformation;
import io.sluice.api.graph.Transformation;
import io.sluice.api.graph.TwoInputTransformation;
import io.sluice.api.graph.UnionTransformation;
import io.sluice.api.state.State;
import io.sluice.api.windowing.WindowAssigner;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

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
            } else if (t instanceof TwoInputTransformation<?, ?, ?> two) {
                for (Object userObject : two.spec().userObjects()) {
                    UserObjects.checkCopyable(userObject, t.name());
                }
                if (!two.spec().isKeyed() && !(isKeyed(two.input1()) && isKeyed(two.input2()))) {
                    refuseStateFields(two.spec(), t.name(), "its inputs '" + two.input1().name() + "' and '"
                            + two.input2().name() + "' are not both keyed; call keyBy(keySelector1, keySelector2)"
                            + " on the connected streams before it");
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
        refuseStateFields(t.spec(), t.name(), "its input '" + t.input().name() + "' is not keyed; call keyBy(...)"
                + " before it");
    }

    private static void refuseStateFields(OperatorSpec spec, String operatorName, String why) {
        for (Object userObject : spec.userObjects()) {
            if (userObject instanceof io.sluice.api.checkpoint.CheckpointedFunction) {
                continue; // its list state fields may be operator state, which needs no keys
            }
            for (Class<?> c = userObject.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (State.class.isAssignableFrom(f.getType())) {
                        throw new InvalidJobException("operator '" + operatorName + "' keeps keyed state (field '"
                                + f.getName() + "' of type " + f.getType().getSimpleName() + " in "
                                + userObject.getClass().getName() + "), but " + why);
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
            boolean reads = (t instanceof OneInputTransformation<?, ?> o && o.input() == forward)
                    || (t instanceof TwoInputTransformation<?, ?, ?> two
                        && (two.input1() == forward || two.input2() == forward));
            if (reads) {
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

    /** The real operator a stream comes from, past partitioning and side-output nodes. */
    public static Transformation<?> operatorBehind(Transformation<?> t) {
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

    /** A non-keyed CoProcessFunction may not use timers: refuse one that overrides {@code onTimer}. */
    public static void refuseTimersInCoProcessFunction(CoProcessFunction<?, ?, ?> function, Transformation<?> input1,
                                                       Transformation<?> input2) {
        for (Class<?> c = function.getClass(); c != CoProcessFunction.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("onTimer", long.class, CoProcessFunction.OnTimerContext.class, Collector.class);
                throw new InvalidJobException("the CoProcessFunction " + function.getClass().getName() + " connecting '"
                        + operatorBehind(input1).name() + "' and '" + operatorBehind(input2).name()
                        + "' overrides onTimer, but timers need keyed inputs: call keyBy(keySelector1, keySelector2)"
                        + " on the connected streams and use a KeyedCoProcessFunction");
            } catch (NoSuchMethodException notOverriddenHere) {
                // keep looking up the hierarchy
            }
        }
    }

    /**
     * The two key selectors of a keyed two-input operator must give keys of one type, or equal keys
     * of the two inputs would not meet: refuse them when both types can be seen and differ.
     *
     * @param what the function, for the message: "the CoMapFunction com.example.F"
     */
    public static void requireSameKeyType(KeySelector<?, ?> first, KeySelector<?, ?> second, String what) {
        Class<?> k1 = keyTypeOf(first);
        Class<?> k2 = keyTypeOf(second);
        if (k1 != null && k2 != null && !k1.isAssignableFrom(k2) && !k2.isAssignableFrom(k1)) {
            throw new InvalidJobException(what + " connects streams keyed by "
                    + k1.getName() + " (first input) and " + k2.getName() + " (second input); an element of one"
                    + " input would never meet the state of the other's equal key: make both key selectors return"
                    + " the same type");
        }
    }

    /**
     * The key type a selector declares, or null when it cannot be seen: a method reference's return
     * type, a class's generic type argument, or a lambda's (whose declared type is the key type the
     * compiler inferred for both selectors together, so it rarely tells two apart: the operator
     * checks the keys of lambdas when the first elements arrive).
     */
    static Class<?> keyTypeOf(KeySelector<?, ?> selector) {
        try {
            Method writeReplace = selector.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (writeReplace.invoke(selector) instanceof SerializedLambda lambda) {
                String signature = lambda.getImplMethodName().startsWith("lambda$")
                        ? lambda.getInstantiatedMethodType() : lambda.getImplMethodSignature();
                return typeOfDescriptor(signature.substring(signature.indexOf(')') + 1),
                        selector.getClass().getClassLoader());
            }
        } catch (ReflectiveOperationException | RuntimeException notALambda) {
            // a class: look at its generic interfaces below
        }
        for (Class<?> c = selector.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == KeySelector.class
                        && p.getActualTypeArguments()[1] instanceof Class<?> key) {
                    return key;
                }
            }
        }
        return null;
    }

    private static Class<?> typeOfDescriptor(String d, ClassLoader loader) throws ClassNotFoundException {
        switch (d) {
            case "J": return Long.class;
            case "I": return Integer.class;
            case "S": return Short.class;
            case "B": return Byte.class;
            case "C": return Character.class;
            case "Z": return Boolean.class;
            case "D": return Double.class;
            case "F": return Float.class;
            default:
                if (d.startsWith("L") && d.endsWith(";")) {
                    return Class.forName(d.substring(1, d.length() - 1).replace('/', '.'), false, loader);
                }
                return null;
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

    /** Refuses an input without watermarks upstream for an operator that runs in event time only. */
    public static void requireEventTime(String what, String side, Transformation<?> input) {
        if (!hasWatermarks(input)) {
            throw new InvalidJobException(what + " runs in event time, but its " + side + " input '"
                    + operatorBehind(input).name() + "' has no watermarks upstream; give the source a"
                    + " WatermarkStrategy or call assignTimestampsAndWatermarks(...) before keyBy");
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
