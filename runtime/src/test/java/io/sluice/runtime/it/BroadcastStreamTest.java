package io.sluice.runtime.it;

import io.sluice.api.BroadcastStream;
import io.sluice.api.InvalidJobException;
import io.sluice.api.JobFailedException;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.BroadcastProcessFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedBroadcastProcessFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.serialization.Serializers;
import io.sluice.api.state.BroadcastState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReadOnlyBroadcastState;
import io.sluice.runtime.testing.CollectSink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broadcast partitioning and broadcast process functions: what each side may do, and the errors of misuse. */
class BroadcastStreamTest {

    private static final MapStateDescriptor<String, String> LABELS =
            new MapStateDescriptor<>("labels", Serializers.of(String.class), Serializers.of(String.class));
    private static final MapStateDescriptor<String, String> OTHER =
            new MapStateDescriptor<>("other", Serializers.of(String.class), Serializers.of(String.class));

    @Test
    void broadcastSendsEveryElementToEverySubtask() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSequence(0, 99).broadcast().map(v -> v).name("copy").sinkTo(sink);
        env.execute();
        List<Long> expected = new ArrayList<>();
        for (long v = 0; v < 100; v++) {
            Collections.addAll(expected, v, v, v);
        }
        List<Long> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(expected);
    }

    /**
     * Each key registers one processing-time timer (they fire at the end of input, after both inputs
     * ended); the timer reads the label every subtask got from the broadcast side.
     */
    static final class LabelAtEnd extends KeyedBroadcastProcessFunction<Long, Long, String, String> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
            ctx.timerService().registerProcessingTimeTimer(Long.MAX_VALUE / 2);
            if (ctx.getBroadcastState(LABELS) instanceof BroadcastState<?, ?>) {
                out.collect("the element side could change broadcast state");
            }
        }

        @Override
        public void processBroadcastElement(String label, Context ctx, Collector<String> out) {
            ctx.getBroadcastState(LABELS).put("label", label);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            ReadOnlyBroadcastState<String, String> labels = ctx.getBroadcastState(LABELS);
            out.collect(ctx.getCurrentKey() + ":" + labels.get("label") + ":" + (ctx.timeDomain() == TimeDomain.PROCESSING_TIME));
        }
    }

    @Test
    void keyedElementsHaveTimersAndReadWhatTheBroadcastSideWrote() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<String> sink = new CollectSink<>();
        BroadcastStream<String> labels = env.fromElements("gold").broadcast(LABELS);
        env.fromSequence(0, 999).keyBy(v -> v % 10).connect(labels).process(new LabelAtEnd()).sinkTo(sink);
        env.execute();
        List<String> expected = new ArrayList<>();
        for (long k = 0; k < 10; k++) {
            expected.add(k + ":gold:true");
        }
        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).isEqualTo(expected);
    }

    static final class Echo extends BroadcastProcessFunction<Long, String, String> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
            out.collect(value);
        }
    }

    static final class KeyedEcho extends KeyedBroadcastProcessFunction<Long, Long, String, String> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
            out.collect(value);
        }
    }

    @Test
    void theFunctionMustMatchWhetherTheStreamIsKeyed() {
        StreamEnvironment env = StreamEnvironment.create();
        BroadcastStream<String> labels = env.fromElements("gold").broadcast(LABELS);
        assertThatThrownBy(() -> env.fromSequence(0, 9).keyBy(v -> v).connect(labels).process(new Echo()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("reads the keyed stream").hasMessageContaining("use a KeyedBroadcastProcessFunction");
        assertThatThrownBy(() -> env.fromSequence(0, 9).connect(labels).process(new KeyedEcho()))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageContaining("which is not keyed: call keyBy(...) before connect");
    }

    @Test
    void everySubtaskSeesEveryBroadcastElement() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSequence(0, 9).connect(env.fromElements("a", "b").broadcast(LABELS)).process(new Echo()).sinkTo(sink);
        env.execute();
        List<String> out = sink.values();
        out.sort(null);
        assertThat(out).containsExactly("a", "a", "a", "b", "b", "b");
    }

    static final class AsksForUndeclaredState extends BroadcastProcessFunction<Long, String, String> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
            ctx.getBroadcastState(OTHER).get("x");
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
        }
    }

    static final class TimerOnTheBroadcastSide extends KeyedBroadcastProcessFunction<Long, Long, String, String> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<String> out) {
        }

        @Override
        public void processBroadcastElement(String value, Context ctx, Collector<String> out) {
            ctx.timerService().registerEventTimeTimer(1);
        }
    }

    @Test
    void misuseFailsTheJobWithWhatToDo() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSequence(0, 9).connect(env.fromElements("a").broadcast(LABELS)).process(new AsksForUndeclaredState())
                .name("rules").sinkTo(new CollectSink<>());
        assertThatThrownBy(env::execute).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("operator 'rules' (subtask 1/1) has no broadcast state 'other': its broadcast stream"
                        + " declares [labels]; pass the descriptor to broadcast(...) of that stream");

        StreamEnvironment env2 = StreamEnvironment.create().setParallelism(1);
        env2.fromSequence(0, 9).keyBy(v -> v).connect(env2.fromElements("a").broadcast(LABELS))
                .process(new TimerOnTheBroadcastSide()).name("timers").sinkTo(new CollectSink<>());
        assertThatThrownBy(env2::execute).isInstanceOf(JobFailedException.class)
                .hasMessageContaining("operator 'timers' (subtask 1/1) has no key current on the broadcast side: set"
                        + " timers in processElement or onTimer");
    }
}
