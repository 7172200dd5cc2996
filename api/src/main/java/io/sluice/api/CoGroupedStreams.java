package io.sluice.api;

import io.sluice.api.functions.CoGroupFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.internal.ClassRecordingSerializer;
import io.sluice.api.internal.CoGroupWindowFunction;
import io.sluice.api.internal.JobValidator;
import io.sluice.api.internal.KeyTypes;
import io.sluice.api.internal.TaggedUnions;
import io.sluice.api.serialization.InferringSerializer;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.time.Duration;
import java.util.Objects;

/**
 * Two streams grouped together by key and window (Flink's {@code CoGroupedStreams}), from
 * {@code first.coGroup(second).where(key1).equalTo(key2).window(assigner)}: when a window of a key
 * fires, {@link WithWindow#apply} gets all its elements of both inputs, either side possibly
 * empty.
 *
 * <p>Built as Flink builds it: both inputs are tagged into one {@link TaggedUnion} type, united,
 * keyed and windowed, and the window function splits them again. The window keeps the elements in
 * state with the inputs' serializers (declare them with {@code returns(...)} on the inputs where
 * they cannot be inferred). Watermarks, lateness and triggers are those of keyed windows; late
 * elements are dropped and counted by the window operator.
 */
public class CoGroupedStreams<T1, T2> {

    private final DataStream<T1> input1;
    private final DataStream<T2> input2;

    public CoGroupedStreams(DataStream<T1> input1, DataStream<T2> input2) {
        this.input1 = Objects.requireNonNull(input1, "input1");
        this.input2 = Objects.requireNonNull(input2, "input2");
        if (input1.env != input2.env) {
            throw new InvalidJobException("coGroup/join of streams from different environments");
        }
    }

    /** The key of the first input's elements. */
    public <K> Where<K> where(KeySelector<T1, K> keySelector) {
        return new Where<>(Objects.requireNonNull(keySelector, "keySelector"));
    }

    /** The first input's key selector, waiting for the second's. */
    public class Where<K> {
        private final KeySelector<T1, K> keySelector1;

        Where(KeySelector<T1, K> keySelector1) {
            this.keySelector1 = keySelector1;
        }

        /** The key of the second input's elements: of the same type as the first's. */
        public EqualTo equalTo(KeySelector<T2, K> keySelector) {
            Objects.requireNonNull(keySelector, "keySelector");
            String what = "the window coGroup/join of '" + input1.transformation().name() + "' and '"
                    + input2.transformation().name() + "'";
            JobValidator.requireSameKeyType(keySelector1, keySelector, what);
            // the union's key selector hides the key type from the job's check of keyBy
            KeyTypes.checkDeclared(keySelector1, what);
            KeyTypes.checkDeclared(keySelector, what);
            return new EqualTo(keySelector);
        }

        /** Both key selectors, waiting for the windows. */
        public class EqualTo {
            private final KeySelector<T2, K> keySelector2;

            EqualTo(KeySelector<T2, K> keySelector2) {
                this.keySelector2 = keySelector2;
            }

            /** Cuts both inputs, by key, into the windows of {@code assigner}. */
            public <W extends Window> WithWindow<T1, T2, K, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(input1, input2, keySelector1, keySelector2,
                        Objects.requireNonNull(assigner, "assigner"));
            }
        }
    }

    /**
     * Keys and windows set, waiting for the {@link CoGroupFunction}; trigger, evictor and allowed
     * lateness as on a keyed {@link WindowedStream}.
     */
    public static class WithWindow<T1, T2, K, W extends Window> {
        private final DataStream<T1> input1;
        private final DataStream<T2> input2;
        private final KeySelector<T1, K> keySelector1;
        private final KeySelector<T2, K> keySelector2;
        private final WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner;
        private Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger;
        private Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor;
        private Duration allowedLateness = Duration.ZERO;

        WithWindow(DataStream<T1> input1, DataStream<T2> input2, KeySelector<T1, K> keySelector1,
                   KeySelector<T2, K> keySelector2, WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
            this.input1 = input1;
            this.input2 = input2;
            this.keySelector1 = keySelector1;
            this.keySelector2 = keySelector2;
            this.assigner = assigner;
        }

        public WithWindow<T1, T2, K, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
            this.trigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        public WithWindow<T1, T2, K, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor) {
            this.evictor = Objects.requireNonNull(evictor, "evictor");
            return this;
        }

        /** Keeps windows this long after they fired, firing again for late elements. */
        public WithWindow<T1, T2, K, W> allowedLateness(Duration lateness) {
            this.allowedLateness = Objects.requireNonNull(lateness, "lateness");
            return this;
        }

        /** Calls {@code function} with both inputs' elements of each key and window when it fires. */
        public <OUT> DataStream<OUT> apply(CoGroupFunction<T1, T2, OUT> function) {
            return build(Objects.requireNonNull(function, "function"), "window-co-group");
        }

        <OUT> DataStream<OUT> build(CoGroupFunction<T1, T2, OUT> function, String name) {
            TypeSerializer<TaggedUnion<T1, T2>> serializer = new TaggedUnions.Serializer<>(
                    serializerOf(input1, "first", keySelector1), serializerOf(input2, "second", keySelector2));
            DataStream<TaggedUnion<T1, T2>> tagged1 = input1.map(new TaggedUnions.TagOne<T1, T2>())
                    .name(name + "-tag-first").returns(serializer);
            DataStream<TaggedUnion<T1, T2>> tagged2 = input2.map(new TaggedUnions.TagTwo<T1, T2>())
                    .name(name + "-tag-second").returns(serializer);
            WindowedStream<TaggedUnion<T1, T2>, K, W> windowed = tagged1.union(tagged2)
                    .keyBy(new TaggedUnions.UnionKeySelector<>(keySelector1, keySelector2))
                    .window(assigner);
            if (trigger != null) {
                windowed.trigger(trigger);
            }
            if (evictor != null) {
                windowed.evictor(evictor);
            }
            windowed.allowedLateness(allowedLateness);
            return windowed.process(new CoGroupWindowFunction<T1, T2, OUT, K, W>(function)).name(name);
        }

        /** The input's declared serializer; else one that records each value's class (restorable inside the union's). */
        private static <T> TypeSerializer<T> serializerOf(DataStream<T> input, String which, Object userObject) {
            TypeSerializer<T> s = input.transformation().outputSerializer();
            return s != null && !(s instanceof InferringSerializer<?>) ? s
                    : new ClassRecordingSerializer<>("the " + which + " input's elements of the window coGroup/join",
                    userObject);
        }
    }

    /**
     * An element of either input (Flink's {@code CoGroupedStreams.TaggedUnion}), as the window
     * holds it; triggers and evictors of a coGroup or join see these.
     */
    public static final class TaggedUnion<T1, T2> {
        private final T1 one;
        private final T2 two;

        private TaggedUnion(T1 one, T2 two) {
            this.one = one;
            this.two = two;
        }

        public static <T1, T2> TaggedUnion<T1, T2> one(T1 value) {
            return new TaggedUnion<>(Objects.requireNonNull(value, "value"), null);
        }

        public static <T1, T2> TaggedUnion<T1, T2> two(T2 value) {
            return new TaggedUnion<>(null, Objects.requireNonNull(value, "value"));
        }

        public boolean isOne() {
            return one != null;
        }

        public boolean isTwo() {
            return two != null;
        }

        public T1 getOne() {
            return one;
        }

        public T2 getTwo() {
            return two;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaggedUnion<?, ?> t && Objects.equals(one, t.one) && Objects.equals(two, t.two);
        }

        @Override
        public int hashCode() {
            return Objects.hash(one, two);
        }

        @Override
        public String toString() {
            return isOne() ? "One(" + one + ")" : "Two(" + two + ")";
        }
    }
}
