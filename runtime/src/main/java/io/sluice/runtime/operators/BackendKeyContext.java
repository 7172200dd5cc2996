package io.sluice.runtime.operators;

import io.sluice.api.functions.KeySelector;
import io.sluice.api.internal.KeyTypes;
import io.sluice.runtime.time.KeyContext;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedStateBackend;

/** Scopes a keyed operator's state and timers to the key of the element or timer at hand. */
public final class BackendKeyContext implements KeyContext {

    private final KeyedStateBackend backend;
    private final KeySelector<Object, Object> keySelector;
    private final int maxParallelism;
    /** The operator, for the message of a refused key type; {@code null} leaves key types unchecked (tests). */
    private String operatorName;
    /**
     * The class of the last key found acceptable ({@link KeyTypes}): one comparison per element. Here
     * as well as in the key-group partitioner, which a keyed operator of parallelism 1 does not use.
     */
    private Class<?> checkedKeyClass;

    public BackendKeyContext(OperatorContext context) {
        this(context.keyedStateBackend(), context.keySelector(), context.maxParallelism());
        if (backend == null || keySelector == null) {
            throw new IllegalStateException("operator " + context.describe() + " needs a keyed stream");
        }
        this.operatorName = context.operatorName();
    }

    /** Keys of {@code backend}; {@code keySelector} may be null when keys are set directly (tests). */
    @SuppressWarnings("unchecked")
    public BackendKeyContext(KeyedStateBackend backend, KeySelector<?, ?> keySelector, int maxParallelism) {
        this.backend = backend;
        this.keySelector = (KeySelector<Object, Object>) keySelector;
        this.maxParallelism = maxParallelism;
    }

    /** The keyed state the keys are made current in. */
    public KeyedStateBackend backend() {
        return backend;
    }

    /** Makes the key of {@code element} current. */
    public void setCurrentKeyOf(Object element) throws Exception {
        Object key = checkedKeyOf(element);
        backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, maxParallelism));
    }

    /** The key of {@code element}, refused if its type's hash differs between JVMs; not made current. */
    public Object checkedKeyOf(Object element) throws Exception {
        Object key = keySelector.getKey(element);
        if (key != null && key.getClass() != checkedKeyClass && operatorName != null) {
            KeyTypes.check(key.getClass(), operatorName);
            checkedKeyClass = key.getClass();
        }
        return key;
    }

    /** The key of {@code element}, without making it current. */
    public Object keyOf(Object element) throws Exception {
        return keySelector.getKey(element);
    }

    /** The key group of {@code key}. */
    public int keyGroupOf(Object key) {
        return KeyGroups.keyGroupFor(key, maxParallelism);
    }

    /** Makes {@code key} current. */
    public void setCurrentKey(Object key) {
        backend.setCurrentKey(key, KeyGroups.keyGroupFor(key, maxParallelism));
    }

    @Override
    public void setCurrentKey(Object key, int keyGroup) {
        backend.setCurrentKey(key, keyGroup);
    }

    @Override
    public Object currentKey() {
        return backend.currentKey();
    }

    @Override
    public int currentKeyGroup() {
        return backend.currentKeyGroup();
    }
}
