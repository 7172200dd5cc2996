package io.sluice.state.ttl;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.State;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.state.StateTtlConfig;
import io.sluice.api.state.ValueStateDescriptor;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * State with a time to live, for any backend: the backend stores {@link TtlValue}s (a value and its
 * last-access time, serialized as 8 more bytes) under the state's own name, and a decorator of the
 * state's kind stamps writes and hides and removes expired values when they are touched — so
 * expiry never costs a scan that would stall the task. One instance per keyed backend; the same
 * decorator is returned for the same name.
 */
public final class TtlStates {

    /** What {@link #expiredAtOrBefore} answers for a state without a time to live. */
    public static final long NEVER_EXPIRED = Long.MIN_VALUE;

    private final Map<String, State> decorators = new HashMap<>();
    private final Map<String, TtlClock> clocks = new HashMap<>();
    private LongSupplier clock = System::currentTimeMillis;

    /** The processing-time clock expiry is measured with (the task's clock in a job; a manual one in tests). */
    public void setClock(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * The decorated handle for a descriptor with a time to live; {@code backendState} creates (or
     * returns) the backend's handle for the inner descriptor it is given.
     */
    public <S extends State> S getOrCreate(StateDescriptor<S, ?> descriptor,
                                           Function<StateDescriptor<?, ?>, State> backendState) {
        return getOrCreate(descriptor, backendState, null);
    }

    /**
     * @param cleanup for backends that can expire untouched values a few at a time: removes some
     *                values of this state last accessed at or before the given time; or null
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <S extends State> S getOrCreate(StateDescriptor<S, ?> descriptor,
                                           Function<StateDescriptor<?, ?>, State> backendState,
                                           java.util.function.LongConsumer cleanup) {
        State existing = decorators.get(descriptor.name());
        if (existing != null) {
            return (S) existing;
        }
        StateTtlConfig config = descriptor.ttlConfig();
        TtlClock ttl = new TtlClock(() -> clock.getAsLong(), config, cleanup);
        String name = descriptor.name();
        TypeSerializer values = new TtlSerializer<>(descriptor.serializer());
        State decorator = switch (descriptor.kind()) {
            case VALUE -> new TtlValueState<>(backendState.apply(new ValueStateDescriptor<>(name, values)), ttl);
            case LIST -> new TtlListState<>(backendState.apply(new ListStateDescriptor<>(name, values)), ttl);
            case MAP -> new TtlMapState<>(backendState.apply(new MapStateDescriptor<>(name,
                    ((MapStateDescriptor) descriptor).keySerializer(), values)), ttl);
            case REDUCING -> new TtlReducingState<>(backendState.apply(new ReducingStateDescriptor<>(name,
                    reducer(((ReducingStateDescriptor) descriptor).reduceFunction()), values)), ttl);
            case AGGREGATING -> new TtlAggregatingState<>(backendState.apply(new AggregatingStateDescriptor<>(name,
                    aggregator(((AggregatingStateDescriptor) descriptor).aggregateFunction(), ttl), values)), ttl);
        };
        decorators.put(name, decorator);
        clocks.put(name, ttl);
        return (S) decorator;
    }

    /**
     * The time at or before which a value of state {@code name} must have been last accessed to
     * have expired now; {@link #NEVER_EXPIRED} when no state of that name with a time to live was
     * requested here (none has one, or a restored one whose handle is not requested yet).
     */
    public long expiredAtOrBefore(String name) {
        TtlClock c = clocks.get(name);
        return c == null ? NEVER_EXPIRED : c.expiredAtOrBefore();
    }

    /** Whether a backend's state with this value serializer stores time-to-live values (for snapshots). */
    public static boolean isTimeToLive(TypeSerializer<?> backendSerializer) {
        return backendSerializer instanceof TtlSerializer;
    }

    /** The serializer of the values themselves: inside the last-access time for time-to-live state. */
    public static TypeSerializer<?> valueSerializerOf(TypeSerializer<?> backendSerializer) {
        return backendSerializer instanceof TtlSerializer<?> t ? t.valueSerializer() : backendSerializer;
    }

    /** The user's reduction on the values; the result keeps the later access time. */
    static <V> ReduceFunction<TtlValue<V>> reducer(ReduceFunction<V> user) {
        return (a, b) -> {
            if (b == null) {
                return a;
            }
            V reduced = user.reduce(a.value(), b.value());
            return reduced == null ? null : new TtlValue<>(reduced, Math.max(a.lastAccess(), b.lastAccess()));
        };
    }

    /** The user's aggregation on the accumulator, stamped on every add. */
    static <IN, ACC, OUT> AggregateFunction<IN, TtlValue<ACC>, TtlValue<OUT>> aggregator(
            AggregateFunction<IN, ACC, OUT> user, TtlClock clock) {
        return new AggregateFunction<>() {
            public TtlValue<ACC> createAccumulator() {
                return clock.stamp(user.createAccumulator());
            }

            public TtlValue<ACC> add(IN value, TtlValue<ACC> acc) {
                return clock.stamp(user.add(value, acc.value()));
            }

            public TtlValue<OUT> getResult(TtlValue<ACC> acc) {
                return new TtlValue<>(user.getResult(acc.value()), acc.lastAccess());
            }

            public TtlValue<ACC> merge(TtlValue<ACC> a, TtlValue<ACC> b) {
                return new TtlValue<>(user.merge(a.value(), b.value()), Math.max(a.lastAccess(), b.lastAccess()));
            }
        };
    }
}
