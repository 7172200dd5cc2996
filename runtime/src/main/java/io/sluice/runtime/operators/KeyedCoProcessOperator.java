package io.sluice.runtime.operators;

import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.functions.KeyedCoProcessFunction;

/**
 * Applies a {@link KeyedCoProcessFunction}: one keyed state backend and one set of timers for both
 * inputs. Input 1's key comes from the operator context's key selector, input 2's from its own;
 * both inputs were partitioned by their selector into the same key groups, so equal keys of the
 * two inputs meet here, in the same state.
 */
public final class KeyedCoProcessOperator<K, I1, I2, O> extends KeyedFunctionOperator<I1, O>
        implements TwoInputOperator<I2> {

    private final KeyedCoProcessFunction<K, I1, I2, O> function;
    private final KeySelector<I2, K> keySelector2;
    private TwoInputKeys inputKeys;
    private KeyedCoProcessFunction<K, I1, I2, O>.Context elementContext;
    private KeyedCoProcessFunction<K, I1, I2, O>.OnTimerContext timerContext;

    public KeyedCoProcessOperator(KeySelector<I2, K> keySelector2, KeyedCoProcessFunction<K, I1, I2, O> function) {
        super(function);
        this.function = function;
        this.keySelector2 = keySelector2;
    }

    @Override
    public void open() throws Exception {
        openKeyedCall();
        inputKeys = new TwoInputKeys(context, keySelector2);
        elementContext = function.new Context(call);
        timerContext = function.new OnTimerContext(call);
        super.open();
    }

    @Override
    public void processElement(I1 value, long ts) throws Exception {
        inputKeys.setCurrentKeyOf1(value);
        function.processElement1(value, elementContext, call.element(ts));
    }

    @Override
    public void processElement2(I2 value, long ts) throws Exception {
        inputKeys.setCurrentKeyOf2(value);
        function.processElement2(value, elementContext, call.element(ts));
    }

    @Override
    protected void onTimer(long timestamp, Collector<O> out) throws Exception {
        function.onTimer(timestamp, timerContext, out);
    }
}
