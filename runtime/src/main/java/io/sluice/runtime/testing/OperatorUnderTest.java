package io.sluice.runtime.testing;

import io.sluice.api.config.Configuration;
import io.sluice.api.functions.KeySelector;
import io.sluice.api.graph.OperatorSpec;
import io.sluice.api.internal.UserObjects;
import io.sluice.runtime.executor.StateBackends;
import io.sluice.runtime.operators.KeyedInputOperator;
import io.sluice.runtime.operators.KeyedTwoInputOperator;
import io.sluice.runtime.operators.StreamOperator;
import io.sluice.runtime.task.OperatorFactory;
import io.sluice.runtime.operators.TimestampedCollector;
import io.sluice.state.KeyGroups;
import io.sluice.state.KeyedBackendParameters;
import io.sluice.state.KeyedStateBackend;
import io.sluice.state.StateFunctionException;

/**
 * The operator an {@link OperatorHarness} drives, made as the runtime's task builder makes one: the
 * user objects checked and copied (so the test's own instances never run), the operator for the
 * spec's kind (wrapped when a plain operator reads a keyed stream), and the heap keyed state of one
 * subtask's key groups. The test's thread only.
 */
final class OperatorUnderTest<IN, OUT> {

    final StreamOperator<IN, OUT> operator;
    /** The key selector the operator uses; {@code null} when its input is not keyed. */
    final KeySelector<?, ?> keySelector;
    /** The key selector of the partitioner that would route elements here: a copy of its own. */
    final KeySelector<Object, Object> routingKeySelector;
    /** The same for input 2 of a keyed two-input operator; {@code null} otherwise. */
    final KeySelector<Object, Object> routingKeySelector2;
    final KeyedStateBackend backend;

    private OperatorUnderTest(StreamOperator<IN, OUT> operator, KeySelector<?, ?> keySelector,
                              KeySelector<Object, Object> routingKeySelector,
                              KeySelector<Object, Object> routingKeySelector2, KeyedStateBackend backend) {
        this.operator = operator;
        this.keySelector = keySelector;
        this.routingKeySelector = routingKeySelector;
        this.routingKeySelector2 = routingKeySelector2;
        this.backend = backend;
    }

    /**
     * @param inputKeySelector the key selector of the keyBy in front; {@code null} when not keyed
     * @param keyedInput       true for a plain operator (map, ...) on a keyed stream
     * @throws io.sluice.api.InvalidJobException when a user object cannot be copied
     */
    static <IN, OUT> OperatorUnderTest<IN, OUT> create(OperatorSpec spec, KeySelector<?, ?> inputKeySelector,
                                                       boolean keyedInput, String operatorName, int subtaskIndex,
                                                       int parallelism, int maxParallelism) {
        return create(spec, inputKeySelector, null, keyedInput, operatorName, subtaskIndex, parallelism,
                maxParallelism);
    }

    /**
     * @param inputKeySelector2 the key selector of the keyBy in front of input 2 of a two-input
     *                          operator; {@code null} for one input, or when not keyed
     */
    @SuppressWarnings("unchecked")
    static <IN, OUT> OperatorUnderTest<IN, OUT> create(OperatorSpec spec, KeySelector<?, ?> inputKeySelector,
                                                       KeySelector<?, ?> inputKeySelector2, boolean keyedInput,
                                                       String operatorName, int subtaskIndex, int parallelism,
                                                       int maxParallelism) {
        for (Object userObject : spec.userObjects()) {
            UserObjects.checkCopyable(userObject, operatorName); // the message execute() would give
        }
        if (keyedInput) {
            UserObjects.checkCopyable(inputKeySelector, operatorName);
            UserObjects.checkCopyable(inputKeySelector2, operatorName);
        }
        ClassLoader loader = userClassLoader(spec);
        OperatorSpec copy = UserObjects.copy(spec, operatorName, loader);
        @SuppressWarnings("unchecked")
        StreamOperator<IN, OUT> operator = (StreamOperator<IN, OUT>) OperatorFactory.create(copy);
        if (inputKeySelector == null) {
            return new OperatorUnderTest<>(operator, null, null, null, null);
        }
        KeySelector<?, ?> keySelector;
        if (keyedInput && inputKeySelector2 != null) {
            keySelector = UserObjects.copy(inputKeySelector, operatorName, loader);
            operator = new KeyedTwoInputOperator<>(operator,
                    (KeySelector<Object, ?>) UserObjects.copy(inputKeySelector2, operatorName, loader));
        } else if (keyedInput) {
            keySelector = UserObjects.copy(inputKeySelector, operatorName, loader);
            operator = new KeyedInputOperator<>(operator);
        } else if (copy instanceof OperatorSpec.KeyedCoProcess<?, ?, ?, ?> k) {
            keySelector = k.keySelector1();
        } else {
            keySelector = copy instanceof OperatorSpec.KeyedProcess<?, ?, ?> k ? k.keySelector()
                    : ((OperatorSpec.KeyedWindow<?, ?, ?>) copy).keySelector();
        }
        // the same backend a job gets by default, so a function is tested against what it will run on
        KeyedStateBackend backend = StateBackends.create(new Configuration()).createKeyedStateBackend(
                new KeyedBackendParameters(operatorName, subtaskIndex, maxParallelism,
                        KeyGroups.rangeFor(subtaskIndex, maxParallelism, parallelism)));
        KeySelector<Object, Object> routing = (KeySelector<Object, Object>) UserObjects.copy(inputKeySelector,
                "keyBy before '" + operatorName + "'", loader);
        KeySelector<Object, Object> routing2 = inputKeySelector2 == null ? null
                : (KeySelector<Object, Object>) UserObjects.copy(inputKeySelector2, "keyBy before '" + operatorName
                        + "'", loader);
        return new OperatorUnderTest<>(operator, keySelector, routing, routing2, backend);
    }

    /** The exception a function threw, without the carriers the operators and state wrap checked ones in. */
    static Exception unwrap(Exception e) {
        Exception t = e;
        while ((t instanceof TimestampedCollector.DownstreamException || t instanceof StateFunctionException)
                && t.getCause() instanceof Exception cause) {
            t = cause;
        }
        return t;
    }

    /** The loader of the test's functions, so their copies are of the same classes. */
    private static ClassLoader userClassLoader(OperatorSpec spec) {
        for (Object userObject : spec.userObjects()) {
            ClassLoader loader = userObject == null ? null : userObject.getClass().getClassLoader();
            if (loader != null) {
                return loader;
            }
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : OperatorUnderTest.class.getClassLoader();
    }
}
