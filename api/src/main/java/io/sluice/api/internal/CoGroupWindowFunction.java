package io.sluice.api.internal;

import io.sluice.api.CoGroupedStreams.TaggedUnion;
import io.sluice.api.functions.CoGroupFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.FlatJoinFunction;
import io.sluice.api.functions.Function;
import io.sluice.api.functions.JoinFunction;
import io.sluice.api.functions.ProcessWindowFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.windowing.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The window function of a window coGroup or join: splits the window's tagged elements back into
 * the two inputs' and hands them to the {@link CoGroupFunction} (a join's is
 * {@link #join}/{@link #flatJoin}: every pair, nothing for a key missing on either side).
 */
public final class CoGroupWindowFunction<T1, T2, OUT, K, W extends Window>
        extends ProcessWindowFunction<TaggedUnion<T1, T2>, OUT, K, W> {

    private static final long serialVersionUID = 1L;

    private final CoGroupFunction<T1, T2, OUT> function;

    public CoGroupWindowFunction(CoGroupFunction<T1, T2, OUT> function) {
        this.function = function;
    }

    /** The coGroup of a join: calls {@code join} for every pair of the window. */
    public static <T1, T2, OUT> CoGroupFunction<T1, T2, OUT> join(JoinFunction<T1, T2, OUT> join) {
        return new PairsCoGroup<>(join, null);
    }

    /** The coGroup of a flat join: calls {@code join} for every pair of the window. */
    public static <T1, T2, OUT> CoGroupFunction<T1, T2, OUT> flatJoin(FlatJoinFunction<T1, T2, OUT> join) {
        return new PairsCoGroup<>(null, join);
    }

    @Override
    public void open(RuntimeContext context) throws Exception {
        FunctionLifecycle.open(function, context);
    }

    @Override
    public void close() throws Exception {
        function.close();
    }

    @Override
    public void process(K key, Context context, Iterable<TaggedUnion<T1, T2>> elements, Collector<OUT> out)
            throws Exception {
        List<T1> ones = new ArrayList<>();
        List<T2> twos = new ArrayList<>();
        for (TaggedUnion<T1, T2> e : elements) {
            if (e.isOne()) {
                ones.add(e.getOne());
            } else {
                twos.add(e.getTwo());
            }
        }
        function.coGroup(ones, twos, out);
    }

    /** Every pair of the window to the user's join or flat join (exactly one of them is set). */
    private static final class PairsCoGroup<T1, T2, OUT> implements CoGroupFunction<T1, T2, OUT> {
        private static final long serialVersionUID = 1L;
        private final JoinFunction<T1, T2, OUT> join;
        private final FlatJoinFunction<T1, T2, OUT> flatJoin;

        PairsCoGroup(JoinFunction<T1, T2, OUT> join, FlatJoinFunction<T1, T2, OUT> flatJoin) {
            this.join = join;
            this.flatJoin = flatJoin;
        }

        private Function user() {
            return join != null ? join : flatJoin;
        }

        @Override
        public void open(RuntimeContext context) throws Exception {
            FunctionLifecycle.open(user(), context);
        }

        @Override
        public void close() throws Exception {
            user().close();
        }

        @Override
        public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<OUT> out) throws Exception {
            for (T1 a : first) {
                for (T2 b : second) {
                    if (join != null) {
                        out.collect(join.join(a, b));
                    } else {
                        flatJoin.join(a, b, out);
                    }
                }
            }
        }
    }
}
