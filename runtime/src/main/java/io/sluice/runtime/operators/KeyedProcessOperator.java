package io.sluice.runtime.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.TimeDomain;
import io.sluice.api.functions.TimerService;
import io.sluice.api.serialization.TypeSerializer;
import io.sluice.runtime.time.TimerEntry;
import io.sluice.state.VoidNamespace;

/** Applies a {@link KeyedProcessFunction} with keyed state and per-key timers. */
public final class KeyedProcessOperator<K, I, O> extends KeyedTimerOperator<VoidNamespace, I, O> {

    private final KeyedProcessFunction<K, I, O> function;
    private TimestampedCollector<O> collector;
    private KeyedProcessFunction<K, I, O>.Context elementContext;
    private KeyedProcessFunction<K, I, O>.OnTimerContext timerContext;
    private long timestamp;
    private TimeDomain timeDomain;

    public KeyedProcessOperator(KeyedProcessFunction<K, I, O> function) {
        super(function);
        this.function = function;
    }

    @Override
    protected TypeSerializer<VoidNamespace> timerNamespaceSerializer() {
        return null; // timers of a key, not of a window
    }

    @Override
    public void open() throws Exception {
        openKeysAndTimers();
        collector = new TimestampedCollector<>(output);
        TimerService timerService = timerService(VoidNamespace.INSTANCE);
        elementContext = function.new Context() {
            @Override
            public Long timestamp() {
                return timestamp == Long.MIN_VALUE ? null : timestamp;
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            @SuppressWarnings("unchecked")
            public K getCurrentKey() {
                return (K) keys.currentKey();
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                sideOutput(tag, value);
            }
        };
        timerContext = function.new OnTimerContext() {
            @Override
            public Long timestamp() {
                return timestamp == Long.MIN_VALUE ? null : timestamp;
            }

            @Override
            public TimerService timerService() {
                return timerService;
            }

            @Override
            @SuppressWarnings("unchecked")
            public K getCurrentKey() {
                return (K) keys.currentKey();
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                sideOutput(tag, value);
            }

            @Override
            public TimeDomain timeDomain() {
                return timeDomain;
            }
        };
        super.open();
    }

    private <X> void sideOutput(OutputTag<X> tag, X value) {
        emitToSideOutput(tag, value, timestamp);
    }

    @Override
    public void processElement(I value, long ts) throws Exception {
        keys.setCurrentKeyOf(value);
        timestamp = ts;
        collector.setTimestamp(ts);
        function.processElement(value, elementContext, collector);
    }

    @Override
    public void onEventTime(TimerEntry<VoidNamespace> timer) throws Exception {
        fire(timer, TimeDomain.EVENT_TIME, timer.timestamp());
    }

    @Override
    public void onProcessingTime(TimerEntry<VoidNamespace> timer) throws Exception {
        fire(timer, TimeDomain.PROCESSING_TIME, Long.MIN_VALUE);
    }

    private void fire(TimerEntry<VoidNamespace> timer, TimeDomain domain, long outputTimestamp) throws Exception {
        timeDomain = domain;
        timestamp = outputTimestamp;
        collector.setTimestamp(outputTimestamp);
        function.onTimer(timer.timestamp(), timerContext, collector);
    }
}
