package io.sluice.runtime.operators;

/**
 * Makes a plain operator (map, filter, flatMap, process) keyed when it reads a keyed stream, as in
 * {@code keyBy(...).map(richFunctionWithState)}: sets the element's key before each call, so the
 * function's keyed state is scoped to it. Everything else goes straight to the wrapped operator.
 */
public final class KeyedInputOperator<IN, OUT> extends ForwardingOperator<IN, OUT> {

    private BackendKeyContext keys;

    public KeyedInputOperator(StreamOperator<IN, OUT> operator) {
        super(operator);
    }

    @Override
    protected void openWrapper() {
        keys = new BackendKeyContext(context);
    }

    @Override
    public void processElement(IN value, long timestamp) throws Exception {
        keys.setCurrentKeyOf(value);
        operator.processElement(value, timestamp);
    }
}
