package io.sluice.runtime.it.join;

import io.sluice.api.DataStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.JobFailedException;
import io.sluice.api.KeyedStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.ProcessJoinFunction;
import io.sluice.api.time.WatermarkStrategy;
import io.sluice.api.windowing.TumblingEventTimeWindows;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mistakes in a join are refused when the job is built, or fail it with a message naming the operator. */
class JoinValidationTest {

    static final class Pairs extends ProcessJoinFunction<Ev, Ev, String> {
        @Override
        public void processElement(Ev left, Ev right, Context ctx, Collector<String> out) {
            out.collect(left.seq() + ":" + right.seq());
        }
    }

    static final class KeyAsInteger implements KeySelector<Ev, Integer> {
        @Override
        public Integer getKey(Ev value) {
            return value.key();
        }
    }

    static final class KeyAsString implements KeySelector<Ev, String> {
        @Override
        public String getKey(Ev value) {
            return String.valueOf(value.key());
        }
    }

    private static final List<Ev> EVENTS = List.of(new Ev(Ev.LEFT, 1, 10, 0), new Ev(Ev.RIGHT, 1, 12, 1));

    private static DataStream<Ev> timed(StreamEnvironment env) {
        return env.fromCollection(EVENTS).assignTimestampsAndWatermarks(
                WatermarkStrategy.<Ev>forMonotonousTimestamps().withTimestampAssigner((e, ts) -> e.ts()));
    }

    @Test
    void shouldRefuseAnIntervalJoinInProcessingTime() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Integer, Ev> a = timed(env).keyBy(Ev::key);
        assertThatThrownBy(() -> a.intervalJoin(timed(env).keyBy(Ev::key)).inProcessingTime())
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("event time only");
    }

    @Test
    void shouldRefuseAnIntervalJoinWithoutWatermarks() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Integer, Ev> a = timed(env).keyBy(Ev::key);
        KeyedStream<Integer, Ev> untimed = env.fromCollection(EVENTS).name("untimed").keyBy(Ev::key);
        assertThatThrownBy(() -> a.intervalJoin(untimed).between(Duration.ZERO, Duration.ofMillis(5))
                .process(new Pairs()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("runs in event time, but its right input 'untimed' has no watermarks");
    }

    @Test
    void shouldRefuseBoundsThatMatchNothing() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Integer, Ev> a = timed(env).keyBy(Ev::key);
        KeyedStream<Integer, Ev> b = timed(env).keyBy(Ev::key);
        assertThatThrownBy(() -> a.intervalJoin(b).between(Duration.ofMillis(5), Duration.ofMillis(4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("above its upper bound");
        assertThatThrownBy(() -> a.intervalJoin(b).between(4, 5).lowerBoundExclusive().upperBoundExclusive()
                .process(new Pairs()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("matches nothing");
    }

    @Test
    void shouldRefuseKeysOfDifferentTypes() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Object, Ev> a = timed(env).keyBy(anyKey(new KeyAsInteger()));
        KeyedStream<Object, Ev> b = timed(env).keyBy(anyKey(new KeyAsString()));
        assertThatThrownBy(() -> a.intervalJoin(b).between(0, 5).process(new Pairs()))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("make both key selectors return");
        assertThatThrownBy(() -> timed(env).join(timed(env)).where(anyKey(new KeyAsString()))
                .equalTo(anyKey(new KeyAsInteger())))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("make both key selectors return");
    }

    enum Side { LEFT, RIGHT }

    @Test
    void shouldRefuseAWindowJoinKeyedByAnEnum() {
        StreamEnvironment env = StreamEnvironment.create();
        assertThatThrownBy(() -> timed(env).join(timed(env)).where((Ev e) -> Side.values()[e.kind() - 1])
                .equalTo((Ev e) -> Side.values()[e.kind() - 1]))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("key by the enum's name() or ordinal()");
    }

    /** Hides a selector's key type from the compiler, as a job mixing up two selectors would. */
    @SuppressWarnings("unchecked")
    private static KeySelector<Ev, Object> anyKey(KeySelector<Ev, ?> selector) {
        return (KeySelector<Ev, Object>) selector;
    }

    @Test
    void shouldRefuseAnEventTimeWindowJoinWithoutWatermarks() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Ev> untimed = env.fromCollection(EVENTS);
        assertThatThrownBy(() -> timed(env).coGroup(untimed).where(Ev::key).equalTo(Ev::key)
                .window(TumblingEventTimeWindows.of(Duration.ofMillis(10))).apply((a, b, out) -> {
                }))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("has no watermarks upstream");
    }

    @Test
    void shouldFailAnIntervalJoinOfElementsWithoutTimestampsNamingTheOperator() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Ev> noTimestamps = env.fromCollection(EVENTS).assignTimestampsAndWatermarks(
                WatermarkStrategy.forGenerator(ScriptedSource.MarkerWatermarks::new));
        timed(env).keyBy(Ev::key).intervalJoin(noTimestamps.keyBy(Ev::key)).between(0, 5).process(new Pairs())
                .name("orders-with-payments").sinkTo(new CollectSink<>());
        assertThatThrownBy(env::execute).isInstanceOf(JobFailedException.class)
                .rootCause().hasMessageContaining("interval join 'orders-with-payments' got a right element without"
                        + " a timestamp");
    }
}
