package io.sluice.api;

import io.sluice.api.CoGroupedStreams.TaggedUnion;
import io.sluice.api.functions.FlatJoinFunction;
import io.sluice.api.functions.JoinFunction;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.internal.CoGroupWindowFunction;
import io.sluice.api.windowing.Evictor;
import io.sluice.api.windowing.Trigger;
import io.sluice.api.windowing.Window;
import io.sluice.api.windowing.WindowAssigner;

import java.time.Duration;
import java.util.Objects;

/**
 * Two streams joined by key and window (Flink's {@code JoinedStreams}), from
 * {@code first.join(second).where(key1).equalTo(key2).window(assigner)}: when a window of a key
 * fires, {@link WithWindow#apply} is called for every pair of its elements, one of each input (an
 * inner join: a key missing on either side gives nothing). A coGroup underneath, see
 * {@link CoGroupedStreams}.
 */
public class JoinedStreams<T1, T2> {

    private final CoGroupedStreams<T1, T2> coGrouped;

    public JoinedStreams(DataStream<T1> input1, DataStream<T2> input2) {
        this.coGrouped = new CoGroupedStreams<>(input1, input2);
    }

    /** The key of the first input's elements. */
    public <K> Where<K> where(KeySelector<T1, K> keySelector) {
        return new Where<>(coGrouped.where(keySelector));
    }

    /** The first input's key selector, waiting for the second's. */
    public class Where<K> {
        private final CoGroupedStreams<T1, T2>.Where<K> where;

        Where(CoGroupedStreams<T1, T2>.Where<K> where) {
            this.where = where;
        }

        /** The key of the second input's elements: of the same type as the first's. */
        public EqualTo equalTo(KeySelector<T2, K> keySelector) {
            return new EqualTo(where.equalTo(keySelector));
        }

        /** Both key selectors, waiting for the windows. */
        public class EqualTo {
            private final CoGroupedStreams<T1, T2>.Where<K>.EqualTo equalTo;

            EqualTo(CoGroupedStreams<T1, T2>.Where<K>.EqualTo equalTo) {
                this.equalTo = equalTo;
            }

            /** Cuts both inputs, by key, into the windows of {@code assigner}. */
            public <W extends Window> WithWindow<T1, T2, K, W> window(
                    WindowAssigner<? super TaggedUnion<T1, T2>, W> assigner) {
                return new WithWindow<>(equalTo.window(assigner));
            }
        }
    }

    /** Keys and windows set, waiting for the join function; trigger, evictor and lateness as on a window. */
    public static class WithWindow<T1, T2, K, W extends Window> {
        private final CoGroupedStreams.WithWindow<T1, T2, K, W> coGroup;

        WithWindow(CoGroupedStreams.WithWindow<T1, T2, K, W> coGroup) {
            this.coGroup = coGroup;
        }

        public WithWindow<T1, T2, K, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
            coGroup.trigger(trigger);
            return this;
        }

        public WithWindow<T1, T2, K, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor) {
            coGroup.evictor(evictor);
            return this;
        }

        public WithWindow<T1, T2, K, W> allowedLateness(Duration lateness) {
            coGroup.allowedLateness(lateness);
            return this;
        }

        /** Calls {@code function} for every pair of each key and window when it fires. */
        public <OUT> DataStream<OUT> apply(JoinFunction<T1, T2, OUT> function) {
            return coGroup.build(CoGroupWindowFunction.join(Objects.requireNonNull(function, "function")),
                    "window-join");
        }

        /** Calls {@code function} for every pair of each key and window; it may emit any number of results. */
        public <OUT> DataStream<OUT> apply(FlatJoinFunction<T1, T2, OUT> function) {
            return coGroup.build(CoGroupWindowFunction.flatJoin(Objects.requireNonNull(function, "function")),
                    "window-join");
        }
    }
}
