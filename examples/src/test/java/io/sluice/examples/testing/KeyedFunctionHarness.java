package io.sluice.examples.testing;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.api.metrics.MetricGroup;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.api.state.AggregatingState;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.MapState;
import io.sluice.api.state.MapStateDescriptor;
import io.sluice.api.state.ReducingState;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link KeyedProcessFunction} on the test thread, with value state kept per key as bytes
 * written by the descriptor's serializer (as an off-heap backend would, so an undeclared type fails
 * here too) and timers fired by hand. Only {@code ValueState} is supported.
 */
public final class KeyedFunctionHarness<K, I, O> {

    private final KeyedProcessFunction<K, I, O> function;
    private final Collector<O> out;
    private final Map<K, Map<String, byte[]>> state = new HashMap<>();
    private final TreeMap<Long, LinkedHashSet<K>> processingTimers = new TreeMap<>();
    private final TreeMap<Long, LinkedHashSet<K>> eventTimers = new TreeMap<>();
    private long processingTimeMs;
    private long watermark = Long.MIN_VALUE;
    private K currentKey;
    private Long currentTimestamp;

    public KeyedFunctionHarness(KeyedProcessFunction<K, I, O> function, Collector<O> out, long startMs)
            throws Exception {
        this.function = function;
        this.out = out;
        this.processingTimeMs = startMs;
        HarnessRuntimeContext context = new HarnessRuntimeContext();
        function.setRuntimeContext(context);
        function.open(context);
    }

    public void processElement(K key, I value, Long timestamp) throws Exception {
        currentKey = key;
        currentTimestamp = timestamp;
        function.processElement(value, function.new Context() {
            @Override
            public Long timestamp() {
                return currentTimestamp;
            }

            @Override
            public TimerService timerService() {
                return timers;
            }

            @Override
            public K getCurrentKey() {
                return currentKey;
            }

            @Override
            public <X> void output(OutputTag<X> tag, X v) {
                throw new UnsupportedOperationException("side outputs are not supported by this harness");
            }
        }, out);
    }

    /** Moves processing time to {@code nowMs}, first firing every processing-time timer at or before it. */
    public void advanceProcessingTime(long nowMs) throws Exception {
        fire(processingTimers, nowMs, TimeDomain.PROCESSING_TIME);
        processingTimeMs = nowMs;
    }

    /** Moves the watermark to {@code newWatermark}, first firing every event-time timer at or before it. */
    public void advanceWatermark(long newWatermark) throws Exception {
        fire(eventTimers, newWatermark, TimeDomain.EVENT_TIME);
        watermark = newWatermark;
    }

    public int pendingProcessingTimers() {
        return processingTimers.values().stream().mapToInt(LinkedHashSet::size).sum();
    }

    public void close() throws Exception {
        function.close();
    }

    private void fire(TreeMap<Long, LinkedHashSet<K>> timers, long upTo, TimeDomain domain) throws Exception {
        while (!timers.isEmpty() && timers.firstKey() <= upTo) {
            Map.Entry<Long, LinkedHashSet<K>> first = timers.pollFirstEntry();
            long time = first.getKey();
            if (domain == TimeDomain.PROCESSING_TIME) {
                processingTimeMs = time;
            }
            for (K key : first.getValue()) {
                currentKey = key;
                currentTimestamp = time;
                function.onTimer(time, function.new OnTimerContext() {
                    @Override
                    public TimeDomain timeDomain() {
                        return domain;
                    }

                    @Override
                    public Long timestamp() {
                        return currentTimestamp;
                    }

                    @Override
                    public TimerService timerService() {
                        return KeyedFunctionHarness.this.timers;
                    }

                    @Override
                    public K getCurrentKey() {
                        return currentKey;
                    }

                    @Override
                    public <X> void output(OutputTag<X> tag, X v) {
                        throw new UnsupportedOperationException("side outputs are not supported by this harness");
                    }
                }, out);
            }
        }
    }

    private final TimerService timers = new TimerService() {
        @Override
        public long currentProcessingTime() {
            return processingTimeMs;
        }

        @Override
        public long currentWatermark() {
            return watermark;
        }

        @Override
        public void registerEventTimeTimer(long time) {
            eventTimers.computeIfAbsent(time, t -> new LinkedHashSet<>()).add(currentKey);
        }

        @Override
        public void registerProcessingTimeTimer(long time) {
            processingTimers.computeIfAbsent(time, t -> new LinkedHashSet<>()).add(currentKey);
        }

        @Override
        public void deleteEventTimeTimer(long time) {
            remove(eventTimers, time);
        }

        @Override
        public void deleteProcessingTimeTimer(long time) {
            remove(processingTimers, time);
        }

        private void remove(TreeMap<Long, LinkedHashSet<K>> timers, long time) {
            LinkedHashSet<K> keys = timers.get(time);
            if (keys != null && keys.remove(currentKey) && keys.isEmpty()) {
                timers.remove(time);
            }
        }
    };

    private final class HarnessRuntimeContext implements RuntimeContext {
        @Override
        public String operatorName() {
            return "harness";
        }

        @Override
        public int subtaskIndex() {
            return 0;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public int maxParallelism() {
            return 128;
        }

        @Override
        public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
            String name = descriptor.name();
            TypeSerializer<T> serializer = descriptor.serializer();
            return new ValueState<>() {
                @Override
                public T value() {
                    byte[] bytes = state.getOrDefault(currentKey, Map.of()).get(name);
                    return bytes == null ? null : read(serializer, bytes);
                }

                @Override
                public void update(T value) {
                    state.computeIfAbsent(currentKey, k -> new HashMap<>()).put(name, write(serializer, value));
                }

                @Override
                public void clear() {
                    state.getOrDefault(currentKey, new HashMap<>()).remove(name);
                }
            };
        }

        @Override
        public MetricGroup getMetricGroup() {
            throw new UnsupportedOperationException("metrics are not supported by this harness");
        }

        @Override
        public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
            throw new UnsupportedOperationException("only ValueState is supported by this harness");
        }

        @Override
        public <MK, MV> MapState<MK, MV> getMapState(MapStateDescriptor<MK, MV> descriptor) {
            throw new UnsupportedOperationException("only ValueState is supported by this harness");
        }

        @Override
        public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
            throw new UnsupportedOperationException("only ValueState is supported by this harness");
        }

        @Override
        public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
                AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
            throw new UnsupportedOperationException("only ValueState is supported by this harness");
        }

        @Override
        public io.sluice.api.state.LongValueState getLongState(io.sluice.api.state.LongValueStateDescriptor descriptor) {
            throw new UnsupportedOperationException("only ValueState is supported by this harness");
        }
    }

    private static <T> byte[] write(TypeSerializer<T> serializer, T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            serializer.serialize(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return serializer.deserialize(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
