package io.sluice.runtime.operators;

import io.sluice.api.functions.KeySelector;

/**
 * The keys of a keyed two-input operator: input 1's from the operator context's key selector,
 * input 2's from its own, both made current in the one keyed state backend the inputs share.
 * Until the first key of each input has been seen, it checks that they are of compatible classes:
 * keys of different classes would never meet (the job's build checks what it can see of the
 * selectors' types; lambdas hide them). Task thread only.
 */
final class TwoInputKeys {

    private final OperatorContext context;
    final BackendKeyContext keys1;
    private final BackendKeyContext keys2;
    private Class<?> keyClass1;
    private Class<?> keyClass2;
    private boolean checked;

    TwoInputKeys(OperatorContext context, KeySelector<?, ?> keySelector2) {
        this.context = context;
        this.keys1 = new BackendKeyContext(context);
        this.keys2 = new BackendKeyContext(context.keyedStateBackend(), keySelector2, context.maxParallelism());
    }

    /** Makes the key of {@code value}, an element of input 1, current. */
    void setCurrentKeyOf1(Object value) throws Exception {
        if (checked) {
            keys1.setCurrentKeyOf(value);
            return;
        }
        Object key = keys1.keyOf(value);
        keyClass1 = key.getClass();
        check();
        keys1.setCurrentKey(key);
    }

    /** Makes the key of {@code value}, an element of input 2, current. */
    void setCurrentKeyOf2(Object value) throws Exception {
        if (checked) {
            keys2.setCurrentKeyOf(value);
            return;
        }
        Object key = keys2.keyOf(value);
        keyClass2 = key.getClass();
        check();
        keys2.setCurrentKey(key);
    }

    private void check() {
        if (keyClass1 == null || keyClass2 == null) {
            return;
        }
        if (!keyClass1.isAssignableFrom(keyClass2) && !keyClass2.isAssignableFrom(keyClass1)) {
            throw new IllegalStateException("operator " + context.describe() + " reads keys of "
                    + keyClass1.getName() + " from its first input and of " + keyClass2.getName()
                    + " from its second; equal keys of the two would never meet: make both key selectors return"
                    + " the same type");
        }
        checked = true;
    }
}
