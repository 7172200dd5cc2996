package io.sluice.runtime.operators;

import io.sluice.api.functions.KeySelector;

/**
 * Makes a plain two-input operator (co-map, co-flat-map, co-process) keyed when both its inputs
 * are keyed, as in {@code a.connect(b).keyBy(k1, k2).flatMap(richFunctionWithState)}: sets the
 * element's key, by its input's selector, before each call, so the function's keyed state is
 * scoped to it and shared by equal keys of both inputs. Everything else goes straight to the
 * wrapped operator (timers still need a {@code KeyedCoProcessFunction}).
 */
public final class KeyedTwoInputOperator<I1, I2, O> extends ForwardingOperator<I1, O> implements TwoInputOperator<I2> {

    private final TwoInputOperator<I2> secondInput;
    private final KeySelector<I2, ?> keySelector2;
    private TwoInputKeys keys;

    @SuppressWarnings("unchecked")
    public KeyedTwoInputOperator(StreamOperator<I1, O> operator, KeySelector<I2, ?> keySelector2) {
        super(operator);
        if (!(operator instanceof TwoInputOperator<?>)) {
            throw new IllegalArgumentException(operator.getClass().getName() + " is not a two-input operator");
        }
        this.secondInput = (TwoInputOperator<I2>) operator;
        this.keySelector2 = keySelector2;
    }

    @Override
    protected void openWrapper() {
        keys = new TwoInputKeys(context, keySelector2);
    }

    @Override
    public void processElement(I1 value, long timestamp) throws Exception {
        keys.setCurrentKeyOf1(value);
        operator.processElement(value, timestamp);
    }

    @Override
    public void processElement2(I2 value, long timestamp) throws Exception {
        keys.setCurrentKeyOf2(value);
        secondInput.processElement2(value, timestamp);
    }
}
